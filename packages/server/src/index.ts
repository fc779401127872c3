export type { FetchHandler } from "./user-routes.js";
export { toResponse, userRoutes } from "./user-routes.js";
