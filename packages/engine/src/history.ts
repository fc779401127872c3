import type { SerializedError } from "@eventual/core";

/**
 * The append-only event log of one execution. Events of two kinds interleave: *inputs* (what
 * happened to the execution: a result, a timer, a signal), which replay feeds back in, and
 * *commands* (what the workflow asked for), which replay must issue again at the same position.
 * Every scheduled thing carries `seq`, assigned in call order.
 */
export type HistoryEvent = InputEvent | CommandEvent | OutcomeEvent;

interface Timestamped {
  /** ISO 8601; inside the workflow, `Date.now()` is this time while the event is applied. */
  timestamp: string;
}

export interface WorkflowStarted extends Timestamped {
  type: "WorkflowStarted";
  input: unknown;
  /** The version of the workflow's code that started the execution; absent in older histories. */
  version?: string;
}
export interface ActivitySucceeded extends Timestamped {
  type: "ActivitySucceeded";
  seq: number;
  result: unknown;
}
export interface ActivityFailed extends Timestamped {
  type: "ActivityFailed";
  seq: number;
  error: SerializedError;
  /** Where the activity threw, when the error had a stack: for people; replay ignores it. */
  stack?: string;
}
/**
 * An attempt of an activity failed and will be retried: a record for people reading the history
 * (no workflow code sees it, and replay skips it). The attempt that ends the activity is recorded
 * as `ActivitySucceeded`, `ActivityFailed` or `ActivityTimedOut` instead.
 */
export interface ActivityRetrying extends Timestamped {
  type: "ActivityRetrying";
  seq: number;
  /** The attempt that failed: 1 for the first. */
  attempt: number;
  /** What it threw, or `HeartbeatTimeout` when it stopped heartbeating. */
  error: SerializedError;
  /** Seconds from `timestamp` until the next attempt may start. */
  retryDelay: number;
  /** Where the attempt threw, when the error had a stack. */
  stack?: string;
}
export interface ActivityTimedOut extends Timestamped {
  type: "ActivityTimedOut";
  seq: number;
  error: SerializedError;
}
export interface TimerCompleted extends Timestamped {
  type: "TimerCompleted";
  seq: number;
}
export interface ChildWorkflowSucceeded extends Timestamped {
  type: "ChildWorkflowSucceeded";
  seq: number;
  result: unknown;
}
export interface ChildWorkflowFailed extends Timestamped {
  type: "ChildWorkflowFailed";
  seq: number;
  error: SerializedError;
}
export interface SignalReceived extends Timestamped {
  type: "SignalReceived";
  signal: string;
  payload: unknown;
  id?: string;
}
export interface WorkflowCancelRequested extends Timestamped {
  type: "WorkflowCancelRequested";
  reason?: string;
}
export interface WorkflowTimedOut extends Timestamped {
  type: "WorkflowTimedOut";
}

/**
 * What can reach an execution's inbox, and so what replay applies (`ActivityRetrying` only
 * joins history: it settles nothing).
 */
export type InputEvent =
  | WorkflowStarted
  | ActivitySucceeded
  | ActivityFailed
  | ActivityRetrying
  | ActivityTimedOut
  | TimerCompleted
  | ChildWorkflowSucceeded
  | ChildWorkflowFailed
  | SignalReceived
  | WorkflowCancelRequested
  | WorkflowTimedOut;

export interface ActivityScheduled extends Timestamped {
  type: "ActivityScheduled";
  seq: number;
  name: string;
  args: unknown[];
}
export interface TimerScheduled extends Timestamped {
  type: "TimerScheduled";
  seq: number;
  untilTime: string;
}
export interface ChildWorkflowScheduled extends Timestamped {
  type: "ChildWorkflowScheduled";
  seq: number;
  name: string;
  executionId: string;
  input: unknown;
  timeout?: number;
}
export interface SignalSent extends Timestamped {
  type: "SignalSent";
  seq: number;
  executionId: string;
  signal: string;
  payload: unknown;
  id?: string;
}
export interface EventsPublished extends Timestamped {
  type: "EventsPublished";
  seq: number;
  events: { name: string; event: unknown }[];
}

/**
 * `patched(changeId)` returned true here: the execution runs the code after that change. It asks
 * nothing of anyone; replay finds it where `patched` is called again (see docs/evolution.md).
 */
export interface PatchApplied extends Timestamped {
  type: "PatchApplied";
  seq: number;
  changeId: string;
}

/** What a workflow asked for, as history records it. */
export type CommandEvent =
  | ActivityScheduled
  | TimerScheduled
  | ChildWorkflowScheduled
  | SignalSent
  | EventsPublished
  | PatchApplied;

export interface WorkflowSucceeded extends Timestamped {
  type: "WorkflowSucceeded";
  result: unknown;
}
export interface WorkflowFailed extends Timestamped {
  type: "WorkflowFailed";
  error: SerializedError;
  /**
   * Where the workflow's code threw, when it threw an error of its own: for people; replay
   * ignores it. An error the engine handed it (an activity's failure, a timeout) has none here.
   */
  stack?: string;
}
export interface WorkflowCancelled extends Timestamped {
  type: "WorkflowCancelled";
  reason?: string;
}

/** How an execution ended. */
export type OutcomeEvent = WorkflowSucceeded | WorkflowFailed | WorkflowCancelled;

const commandTypes = new Set<HistoryEvent["type"]>([
  "ActivityScheduled",
  "TimerScheduled",
  "ChildWorkflowScheduled",
  "SignalSent",
  "EventsPublished",
  "PatchApplied",
]);
const outcomeTypes = new Set<HistoryEvent["type"]>([
  "WorkflowSucceeded",
  "WorkflowFailed",
  "WorkflowCancelled",
]);

export function isCommandEvent(event: HistoryEvent): event is CommandEvent {
  return commandTypes.has(event.type);
}

export function isOutcomeEvent(event: HistoryEvent): event is OutcomeEvent {
  return outcomeTypes.has(event.type);
}

export function isInputEvent(event: HistoryEvent): event is InputEvent {
  return !commandTypes.has(event.type) && !outcomeTypes.has(event.type);
}

/** Input events that complete something the workflow scheduled, keyed by its `seq`. */
export type CompletionEvent = Exclude<Extract<InputEvent, { seq: number }>, ActivityRetrying>;

/** The key under which an execution's inbox accepts one completion per scheduled thing. */
export function completionKey(seq: number): string {
  return `seq:${seq}`;
}

/**
 * The key under which an execution's inbox records one failure of an activity's attempt: an
 * attempt that missed its heartbeat and then failed by itself is recorded once.
 */
export function retryKey(seq: number, attempt: number): string {
  return `seq:${seq}:attempt:${attempt}`;
}
