export { controlApi } from "./control-api.js";
export type { Listener } from "./node-listener.js";
export { listen } from "./node-listener.js";
export type { ServiceAppOptions } from "./service-app.js";
export { defaultBodyLimit, serviceApp } from "./service-app.js";
export type { FetchHandler } from "./user-routes.js";
export { toResponse, userRoutes } from "./user-routes.js";
