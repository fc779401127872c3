/**
 * Builders for the executor's tests: input events and the commands and outcomes expected back,
 * each stamped with a fixed time given in seconds after {@link T0}, plus a factory for a live
 * instance with the sandbox installed. Test support only; nothing here is exported by the package.
 */
import type { SerializedError, Workflow } from "@eventual/core";
import type { WorkflowDeclaration } from "@eventual/core/internal";
import { installExecutionScopes } from "@eventual/core/internal";
import { executionScopes } from "../code-scope.js";
import type {
  ActivityFailed,
  ActivityRetrying,
  ActivityScheduled,
  ActivitySucceeded,
  ChildWorkflowFailed,
  ChildWorkflowScheduled,
  ChildWorkflowSucceeded,
  EventsPublished,
  HistoryEvent,
  SignalReceived,
  SignalSent,
  TimerCompleted,
  TimerScheduled,
  WorkflowCancelled,
  WorkflowCancelRequested,
  WorkflowFailed,
  WorkflowStarted,
  WorkflowSucceeded,
  WorkflowTimedOut,
} from "../history.js";
import { installSandbox, realDate } from "./sandbox.js";
import type { ExecutionIdentity } from "./workflow-instance.js";
import { WorkflowInstance } from "./workflow-instance.js";

/** The epoch every test history starts at. */
export const T0 = realDate.parse("2024-01-01T00:00:00.000Z");

/** The ISO timestamp `seconds` after {@link T0}. */
export function at(seconds: number): string {
  return new realDate(T0 + seconds * 1000).toISOString();
}

export const started = (input?: unknown, time = 0): WorkflowStarted => ({
  type: "WorkflowStarted",
  input,
  timestamp: at(time),
});

export const activitySucceeded = (seq: number, result: unknown, time = 0): ActivitySucceeded => ({
  type: "ActivitySucceeded",
  seq,
  result,
  timestamp: at(time),
});

export const activityFailed = (
  seq: number,
  name: string,
  message: string,
  time = 0,
): ActivityFailed => ({
  type: "ActivityFailed",
  seq,
  error: { name, message },
  timestamp: at(time),
});

export const activityRetrying = (
  seq: number,
  attempt: number,
  error: SerializedError,
  retryDelay: number,
  time = 0,
): ActivityRetrying => ({
  type: "ActivityRetrying",
  seq,
  attempt,
  error,
  retryDelay,
  timestamp: at(time),
});

export const timerCompleted = (seq: number, time = 0): TimerCompleted => ({
  type: "TimerCompleted",
  seq,
  timestamp: at(time),
});

export const signalReceived = (signal: string, payload?: unknown, time = 0): SignalReceived => ({
  type: "SignalReceived",
  signal,
  payload,
  timestamp: at(time),
});

export const childSucceeded = (seq: number, result: unknown, time = 0): ChildWorkflowSucceeded => ({
  type: "ChildWorkflowSucceeded",
  seq,
  result,
  timestamp: at(time),
});

export const childFailed = (
  seq: number,
  name: string,
  message: string,
  time = 0,
): ChildWorkflowFailed => ({
  type: "ChildWorkflowFailed",
  seq,
  error: { name, message },
  timestamp: at(time),
});

export const cancelRequested = (reason?: string, time = 0): WorkflowCancelRequested => ({
  type: "WorkflowCancelRequested",
  ...(reason === undefined ? {} : { reason }),
  timestamp: at(time),
});

export const timedOut = (time = 0): WorkflowTimedOut => ({
  type: "WorkflowTimedOut",
  timestamp: at(time),
});

export const activityScheduled = (
  seq: number,
  name: string,
  args: unknown[],
  time = 0,
): ActivityScheduled => ({ type: "ActivityScheduled", seq, name, args, timestamp: at(time) });

export const timerScheduled = (seq: number, untilSeconds: number, time = 0): TimerScheduled => ({
  type: "TimerScheduled",
  seq,
  untilTime: at(untilSeconds),
  timestamp: at(time),
});

export const childScheduled = (
  seq: number,
  name: string,
  executionId: string,
  input: unknown,
  time = 0,
): ChildWorkflowScheduled => ({
  type: "ChildWorkflowScheduled",
  seq,
  name,
  executionId,
  input,
  timestamp: at(time),
});

export const signalSent = (
  seq: number,
  executionId: string,
  signal: string,
  payload: unknown,
  time = 0,
): SignalSent => ({ type: "SignalSent", seq, executionId, signal, payload, timestamp: at(time) });

export const eventsPublished = (
  seq: number,
  events: { name: string; event: unknown }[],
  time = 0,
): EventsPublished => ({ type: "EventsPublished", seq, events, timestamp: at(time) });

export const succeeded = (result: unknown, time = 0): WorkflowSucceeded => ({
  type: "WorkflowSucceeded",
  result,
  timestamp: at(time),
});

export const failed = (error: SerializedError, time = 0): WorkflowFailed => ({
  type: "WorkflowFailed",
  error,
  timestamp: at(time),
});

export const cancelled = (reason?: string, time = 0): WorkflowCancelled => ({
  type: "WorkflowCancelled",
  reason,
  timestamp: at(time),
});

/** Patches the globals and hooks `@eventual/core` to the running instance, as the Engine does. */
export function installWorkflowSandbox(): void {
  installSandbox();
  installExecutionScopes(executionScopes);
}

/** What the engine would know of a declared workflow. */
export function declarationOf(workflow: Workflow): WorkflowDeclaration {
  return { name: workflow.workflowName, options: workflow.options, handler: workflow.handler };
}

/** The identity of an execution named `name` of `workflow`, with the engine's id format. */
export function identityOf(workflow: Workflow, name = "test"): ExecutionIdentity {
  return { id: `${workflow.workflowName}~${name}`, name, workflowName: workflow.workflowName };
}

/** A fresh live instance of `workflow`, not yet started. */
export function newInstance(workflow: Workflow, name?: string): WorkflowInstance {
  installWorkflowSandbox();
  return new WorkflowInstance(declarationOf(workflow), identityOf(workflow, name));
}

/** An instance rebuilt from `history`, as a cache miss would rebuild it. */
export function replayInstance(
  workflow: Workflow,
  history: HistoryEvent[],
  name?: string,
): Promise<WorkflowInstance> {
  installWorkflowSandbox();
  return WorkflowInstance.replay(declarationOf(workflow), identityOf(workflow, name), history);
}
