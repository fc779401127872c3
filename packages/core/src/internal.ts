/**
 * What hosts and the engine use to run a service; not for service code. Kept on its own entry so
 * the public surface stays what a service needs.
 */
export { activityFailure, isAsyncResult, positiveSeconds } from "./activity.js";
export {
  historyPage,
  isPublishEventsRequest,
  isSendSignalRequest,
  isStartExecutionRequest,
  listFromRequest,
  signalArguments,
  sortOrder,
  startFromRequest,
} from "./client-requests.js";
export { deserializeError, serializeError } from "./errors.js";
export { validateEvent } from "./event.js";
export { isExecutionEnded } from "./execution.js";
export type {
  ActivityDeclaration,
  ActivityPolicy,
  EventDeclaration,
  HttpMethod,
  RouteDeclaration,
  ServiceRegistry,
  SubscriptionDeclaration,
  WorkflowDeclaration,
} from "./registry.js";
export {
  assertWorkflowName,
  clearRegistry,
  describeService,
  getRegistry,
  ownDeclarations,
} from "./registry.js";
export type * from "./runtime.js";
export {
  currentActivity,
  currentWorkflow,
  installExecutionScopes,
  installServiceRuntime,
  serviceRuntime,
} from "./runtime.js";
export { durationSeconds, isDurationSchedule, isTimeSchedule, timeoutSeconds } from "./schedule.js";
