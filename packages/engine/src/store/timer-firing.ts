import { iso } from "../clock.js";
import type { InputEvent } from "../history.js";
import type { TimerRecord, Write } from "./store.js";

/** What a fired timer writes: one of the writes a fired timer can make, as `commit` applies it. */
export type FiringWrite = Extract<
  Write,
  { type: "appendInbox" | "retryActivity" | "settleActivity" }
>;

/**
 * What firing `timer` at `now` writes once the timer itself is removed, for every store's
 * `fireDueTimers` to apply as it applies that write in a commit: a workflow timer appends its
 * event under its key; an activity's timeout settles the activity; a missed heartbeat with
 * attempts left retries it, with the failed attempt's record when the timer carries one (timers
 * stored before failed attempts were recorded carry an `ActivityTimedOut`, appended nowhere).
 */
export function firingWrite(timer: TimerRecord, now: number): FiringWrite {
  const { executionId, activitySeq: seq, key } = timer;
  const event = { ...timer.event, timestamp: iso(now) } as InputEvent;
  if (seq === undefined) {
    return { type: "appendInbox", executionId, event, ...(key === undefined ? {} : { key }) };
  }
  if (timer.retryAfterMs === undefined) return { type: "settleActivity", executionId, seq, event };
  const availableAt = now + timer.retryAfterMs;
  if (event.type !== "ActivityRetrying") {
    return { type: "retryActivity", executionId, seq, availableAt };
  }
  return { type: "retryActivity", executionId, seq, availableAt, event, ...(key ? { key } : {}) };
}
