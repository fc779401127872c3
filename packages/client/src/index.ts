export type { RetryPolicy } from "./http-transport.js";
export type { ServiceClientOptions } from "./service-client.js";
export { ServiceClient, serviceUrlVariable } from "./service-client.js";
