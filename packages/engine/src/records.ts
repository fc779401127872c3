import type { SerializedError } from "@eventual/core";
import { iso } from "./clock.js";
import type {
  ActivityFailed,
  ActivitySucceeded,
  SignalReceived,
  WorkflowCancelRequested,
  WorkflowStarted,
} from "./history.js";
import { workflowTimeoutTimer } from "./scheduler/timers.js";
import type { ExecutionRecord, WriteOf } from "./store/store.js";

/**
 * The records and events that more than one path builds: an execution started by a request or by
 * its parent, a signal sent from outside or by another workflow, a cancellation asked for by a
 * caller or by an ending parent, an activity completed by its worker or from outside. One
 * constructor each, so the paths cannot drift apart.
 */

/** A new execution, its `WorkflowStarted` and its timeout timer, ready for `createExecution`. */
export function newExecution(options: {
  id: string;
  name?: string;
  workflowName: string;
  /** The version of the workflow's code that starts it (`codeVersion`). */
  version: string;
  input: unknown;
  now: number;
  /** Seconds until the execution times out. */
  timeout?: number;
  parent?: { id: string; seq: number };
}): WriteOf<"createExecution"> {
  const { id, workflowName, version, input, now, timeout, parent } = options;
  const execution: ExecutionRecord = {
    id,
    name: options.name ?? id,
    workflowName,
    status: "IN_PROGRESS",
    input,
    startTime: iso(now),
    ...(parent ? { parentId: parent.id, parentSeq: parent.seq } : {}),
    version,
    historyLength: 0,
  };
  const started: WorkflowStarted = {
    type: "WorkflowStarted",
    input,
    version,
    timestamp: iso(now),
  };
  const timers = timeout === undefined ? [] : [workflowTimeoutTimer(id, now + timeout * 1000)];
  return { type: "createExecution", execution, started, timers };
}

/**
 * A signal for `executionId`'s inbox. Its key makes a resend with the same `id` a duplicate;
 * `fallbackKey` names one sent by a workflow without an id (its sender and `seq`).
 */
export function signalWrite(
  executionId: string,
  signal: { signal: string; payload?: unknown; id?: string },
  now: number,
  fallbackKey?: string,
): WriteOf<"appendInbox"> {
  const event: SignalReceived = {
    type: "SignalReceived",
    signal: signal.signal,
    payload: signal.payload,
    ...(signal.id === undefined ? {} : { id: signal.id }),
    timestamp: iso(now),
  };
  const key = signal.id ?? fallbackKey;
  return {
    type: "appendInbox",
    executionId,
    event,
    ...(key === undefined ? {} : { key: `signal:${key}` }),
  };
}

/** A request to cancel `executionId`: the first one counts, the key keeps the others out. */
export function cancelWrite(
  executionId: string,
  reason: string | undefined,
  now: number,
): WriteOf<"appendInbox"> {
  const event: WorkflowCancelRequested = {
    type: "WorkflowCancelRequested",
    ...(reason === undefined ? {} : { reason }),
    timestamp: iso(now),
  };
  return { type: "appendInbox", executionId, event, key: "cancel" };
}

/** How an activity ended for its workflow: a result, or the error of its last attempt. */
export function activityCompletion(
  seq: number,
  outcome: { result: unknown } | { error: SerializedError; stack?: string },
  now: number,
): ActivitySucceeded | ActivityFailed {
  const timestamp = iso(now);
  if (!("error" in outcome)) {
    return { type: "ActivitySucceeded", seq, result: outcome.result, timestamp };
  }
  const failed: ActivityFailed = { type: "ActivityFailed", seq, error: outcome.error, timestamp };
  if (outcome.stack !== undefined) failed.stack = outcome.stack;
  return failed;
}
