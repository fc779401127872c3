export type { ApiRoute } from "./api-routes.js";
export { apiRoutes } from "./api-routes.js";
export { containerPort, dockerfile, serveCommand } from "./container.js";
export type { ServiceDatabase, ServiceProps } from "./service.js";
export { Service } from "./service.js";
