import { requireWorkflow } from "./runtime.js";
import type { DurationValue, TimeoutValue, TimeSchedule } from "./schedule.js";
import { durationSeconds, isDurationSchedule, isTimeSchedule, timeoutSeconds } from "./schedule.js";

/**
 * Suspends the workflow for `seconds` (or a `duration()`) of durable time: the wait is a stored
 * timer, so it holds no memory in any process and survives restarts.
 *
 * @example
 * await sleepFor(3600); // an hour
 * await sleepFor(duration(1, "hour"));
 */
export function sleepFor(seconds: DurationValue): Promise<void> {
  const none = seconds === 0 || (isDurationSchedule(seconds) && seconds.dur === 0);
  const length = none ? 0 : durationSeconds("sleepFor", seconds);
  return requireWorkflow("sleepFor()").sleepUntil(Date.now() + length * 1000);
}

/**
 * Suspends the workflow until a point in time (a `Date`, an ISO 8601 string, epoch milliseconds
 * or a `time()`).
 *
 * @example
 * await sleepUntil("2027-01-01T00:00:00Z");
 * await sleepUntil(time("2027-01-01T00:00:00Z"));
 */
export function sleepUntil(time: Date | string | number | TimeSchedule): Promise<void> {
  const at = new Date(isTimeSchedule(time) ? time.isoDate : time).getTime();
  if (Number.isNaN(at)) throw new Error(`sleepUntil got an invalid time: ${String(time)}.`);
  return requireWorkflow("sleepUntil()").sleepUntil(at);
}

/** Options of `condition`; `timeoutSeconds` is the original Eventual's spelling of `timeout`, still accepted. */
export interface ConditionOptions {
  /** Seconds, a `duration()`, or the `time()` at which the condition gives up. */
  timeout?: TimeoutValue;
  timeoutSeconds?: number;
}

/**
 * Waits until `predicate` holds, re-checking it after every event the workflow receives.
 * Resolves `true` when it holds and `false` when the timeout passes first.
 *
 * @example
 * const approved = await condition({ timeout: 60 }, () => approvals >= 2);
 * const quorum = await condition({ timeout: duration(5, "minutes") }, () => votes >= 3);
 */
export function condition(predicate: () => boolean): Promise<boolean>;
export function condition(options: ConditionOptions, predicate: () => boolean): Promise<boolean>;
export function condition(
  optionsOrPredicate: ConditionOptions | (() => boolean),
  maybePredicate?: () => boolean,
): Promise<boolean> {
  const predicate = typeof optionsOrPredicate === "function" ? optionsOrPredicate : maybePredicate;
  if (typeof predicate !== "function") throw new Error("condition() needs a predicate function.");
  const options = typeof optionsOrPredicate === "function" ? {} : optionsOrPredicate;
  const timeout = timeoutSeconds("timeout", options.timeout ?? options.timeoutSeconds);
  return requireWorkflow("condition()").condition(predicate, timeout);
}
