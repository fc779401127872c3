export { controlApi } from "./control-api.js";
export {
  defaultSignatureWindowSeconds,
  signatureHeader,
  signatureProblem,
  signPush,
  subscriptionSecret,
} from "./event-signature.js";
export type { HttpEventPushOptions } from "./http-event-push.js";
export { httpEventPush } from "./http-event-push.js";
export type { Listener } from "./node-listener.js";
export { listen } from "./node-listener.js";
export type { InboundOptions } from "./receive-events.js";
export type { ServiceAppOptions } from "./service-app.js";
export { defaultBodyLimit, serviceApp } from "./service-app.js";
export type { FetchHandler } from "./user-routes.js";
export { toResponse, userRoutes } from "./user-routes.js";
