export type { AppConnection } from "./host/app-links.js";
export { linkSecretVariable } from "./host/app-links.js";
export type { LoadedService } from "./host/load-service.js";
export { loadService, resolveEntry } from "./host/load-service.js";
export type { ServiceHost, ServiceHostOptions } from "./host/service-host.js";
export { startServiceHost } from "./host/service-host.js";
