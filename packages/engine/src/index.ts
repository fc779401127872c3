export type { Clock } from "./clock.js";
export { iso, systemClock, VirtualClock } from "./clock.js";
export type { CrashPoint } from "./crash-points.js";
export { crashPointFromEnv, noCrashes } from "./crash-points.js";
export type { EngineOptions } from "./engine.js";
export { Engine, toExecution } from "./engine.js";
export { InstanceCache } from "./executor/instance-cache.js";
export { replayHistory } from "./executor/replay-history.js";
export { installSandbox } from "./executor/sandbox.js";
export type { ExecutionIdentity, WorkflowStep } from "./executor/workflow-instance.js";
export { WorkflowInstance } from "./executor/workflow-instance.js";
export * from "./history.js";
export { newId } from "./ids.js";
export { EventPusher } from "./links/event-pusher.js";
export type {
  EventPush,
  LinkedPublisher,
  LinkedSubscriber,
  PushedEvent,
  PushOutcome,
  ServiceLinks,
} from "./links/service-links.js";
export { defaultPushRetry, pushSubscription, pushTarget } from "./links/service-links.js";
export { LocalServiceClient } from "./local-service-client.js";
export { retryDelaySeconds } from "./retry.js";
export { decodeActivityToken, encodeActivityToken } from "./scheduler/activity-token.js";
export type { ActivityHandlerLookup } from "./scheduler/activity-worker.js";
export type { EngineEvents } from "./scheduler/engine-context.js";
export type { HoldRetry } from "./scheduler/held-executions.js";
export type { GuardWrite, Refusal } from "./store/apply-group.js";
export { applyGroup } from "./store/apply-group.js";
export { MemoryStore } from "./store/memory-store.js";
export type { ExecutionCursor } from "./store/page-token.js";
export {
  executionPage,
  executionToken,
  InvalidPageToken,
  readExecutionToken,
} from "./store/page-token.js";
export type * from "./store/store.js";
export { nodeRowRetentionMs } from "./store/store.js";
export type { FiringWrite } from "./store/timer-firing.js";
export { firingWrite } from "./store/timer-firing.js";
