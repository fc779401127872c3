export type { Activity, ActivityOptions, SendActivityFailureRequest } from "./activity.js";
export {
  activity,
  asyncResult,
  getActivityContext,
  heartbeat,
  sendActivityHeartbeat,
} from "./activity.js";
export type {
  ApiHandler,
  ApiRequest,
  ApiResult,
  ApiRouter,
  EmptyContext,
  Middleware,
  MiddlewareInput,
  MiddlewareOutput,
  MiddlewareResult,
  PathParamNames,
  RouteFactory,
} from "./api.js";
export { api, middleware } from "./api.js";
export type { ServiceProps, ServiceSubscription, SubscribeToProps } from "./app.js";
export { App, Service } from "./app.js";
export type {
  ExecutionHistoryPage,
  GetExecutionHistoryRequest,
  GetExecutionsRequest,
  PublishEventsRequest,
  SendSignalRequest,
  SortDirection,
  StartExecutionRequest,
  StartedExecutionHandle,
} from "./client-requests.js";
export type { DeadLetter, DeadLetterPage, DeadLetterQuery } from "./dead-letter.js";
export type { SerializedError } from "./errors.js";
export {
  DeterminismError,
  EventualError,
  HeartbeatTimeout,
  NonDeterministicCallError,
  Timeout,
  ValidationError,
} from "./errors.js";
export type { Event, Subscription, SubscriptionOptions } from "./event.js";
export { event } from "./event.js";
export type { Execution } from "./execution.js";
export { ExecutionStatus } from "./execution.js";
export { HttpResponse } from "./http-response.js";
export type { LogQuery } from "./log-query.js";
export { deprecatePatch, patched } from "./patch.js";
export type { RetryPolicy, ServiceSpec } from "./registry.js";
export {
  BadRequestError,
  ConflictError,
  NotFoundError,
  PayloadTooLargeError,
  RequestError,
  RequestErrorCode,
  ServiceFailedError,
  ServiceUnreachableError,
  UnauthorizedError,
} from "./request-errors.js";
export type { ActivityContext } from "./runtime.js";
export { getServiceClient } from "./runtime.js";
export type {
  DurationSchedule,
  DurationUnit,
  DurationValue,
  TimeoutValue,
  TimeSchedule,
} from "./schedule.js";
export { duration, time } from "./schedule.js";
export type { Schema } from "./schema.js";
export type {
  EventualServiceClient,
  ExecutionFilter,
  ExecutionPage,
  HistoryEntry,
  LogLine,
  NodeInfo,
  ReleaseResult,
  ServiceDescription,
  StartedExecution,
  StartOptions,
  WorkflowInput,
  WorkflowOutput,
} from "./service-client.js";
export type { ExpectSignalOptions, SendSignalProps, Signal, SignalsHandler } from "./signal.js";
export { expectSignal, onSignal, sendSignal, signal } from "./signal.js";
export type { ConditionOptions } from "./time.js";
export { condition, sleepFor, sleepUntil } from "./time.js";
export type {
  ChildCallOptions,
  ChildExecution,
  ExecutionHandle,
  StartExecutionProps,
  Workflow,
  WorkflowContext,
  WorkflowOptions,
} from "./workflow.js";
export { executionHandle, workflow } from "./workflow.js";
