export type { RetryPolicy } from "./http-transport.js";
export type { ServiceClientOptions } from "./service-client.js";
export { ServiceClient, serviceApiKeyVariable, serviceUrlVariable } from "./service-client.js";
