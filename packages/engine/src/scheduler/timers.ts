import type { ActivityPolicy } from "@eventual/core/internal";
import { completionKey, retryKey } from "../history.js";
import { retryDelaySeconds } from "../retry.js";
import type { TimerRecord } from "../store/store.js";

/** Ids of the timers the engine keeps per execution, so they can be moved and found again. */
export const timerIds = {
  workflowTimer: (executionId: string, seq: number) => `${executionId}:timer:${seq}`,
  workflowTimeout: (executionId: string) => `${executionId}:timeout`,
  activityTimeout: (executionId: string, seq: number) => `${executionId}:activity:${seq}:timeout`,
  activityHeartbeat: (executionId: string, seq: number) =>
    `${executionId}:activity:${seq}:heartbeat`,
};

export function workflowTimeoutTimer(executionId: string, dueTime: number): TimerRecord {
  return {
    id: timerIds.workflowTimeout(executionId),
    executionId,
    dueTime,
    event: { type: "WorkflowTimedOut" },
  };
}

export function activityTimeoutTimer(
  executionId: string,
  seq: number,
  name: string,
  policy: ActivityPolicy,
  now: number,
): TimerRecord | undefined {
  if (policy.timeout === undefined) return undefined;
  return {
    id: timerIds.activityTimeout(executionId, seq),
    executionId,
    dueTime: now + policy.timeout * 1000,
    event: {
      type: "ActivityTimedOut",
      seq,
      error: { name: "Timeout", message: `Activity "${name}" timed out after ${policy.timeout}s.` },
    },
    key: completionKey(seq),
    activitySeq: seq,
  };
}

/**
 * The deadline of attempt `attempt`'s next heartbeat. Missed with attempts left, it makes the
 * task claimable again after the policy's backoff and records the failed attempt in history
 * (`ActivityRetrying`); missed on the last attempt, it fails the activity with `HeartbeatTimeout`.
 */
export function activityHeartbeatTimer(
  executionId: string,
  seq: number,
  name: string,
  policy: ActivityPolicy,
  now: number,
  attempt: number,
): TimerRecord | undefined {
  if (policy.heartbeatTimeout === undefined) return undefined;
  const retryDelay = retryDelaySeconds(policy.retry, attempt);
  const error = {
    name: "HeartbeatTimeout",
    message: `Activity "${name}" sent no heartbeat for ${policy.heartbeatTimeout}s.`,
  };
  const frame = {
    id: timerIds.activityHeartbeat(executionId, seq),
    executionId,
    dueTime: now + policy.heartbeatTimeout * 1000,
    activitySeq: seq,
  };
  if (retryDelay === undefined) {
    return { ...frame, event: { type: "ActivityTimedOut", seq, error }, key: completionKey(seq) };
  }
  return {
    ...frame,
    event: { type: "ActivityRetrying", seq, attempt, error, retryDelay },
    key: retryKey(seq, attempt),
    retryAfterMs: retryDelay * 1000,
  };
}
