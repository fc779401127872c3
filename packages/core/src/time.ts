import { positiveSeconds } from "./activity.js";
import { requireWorkflow } from "./runtime.js";

/**
 * Suspends the workflow for `seconds` of durable time: the wait is a stored timer, so it holds no
 * memory in any process and survives restarts.
 *
 * @example
 * await sleepFor(3600); // an hour
 */
export function sleepFor(seconds: number): Promise<void> {
  if (seconds !== 0) positiveSeconds("sleepFor", seconds);
  return requireWorkflow("sleepFor()").sleepUntil(Date.now() + seconds * 1000);
}

/**
 * Suspends the workflow until a point in time (a `Date`, an ISO 8601 string or epoch milliseconds).
 *
 * @example
 * await sleepUntil("2027-01-01T00:00:00Z");
 */
export function sleepUntil(time: Date | string | number): Promise<void> {
  const at = new Date(time).getTime();
  if (Number.isNaN(at)) throw new Error(`sleepUntil got an invalid time: ${String(time)}.`);
  return requireWorkflow("sleepUntil()").sleepUntil(at);
}

/** Options of `condition`; `timeoutSeconds` is the seed-era spelling. */
export interface ConditionOptions {
  timeout?: number;
  timeoutSeconds?: number;
}

/**
 * Waits until `predicate` holds, re-checking it after every event the workflow receives.
 * Resolves `true` when it holds and `false` when the timeout passes first.
 *
 * @example
 * const approved = await condition({ timeout: 60 }, () => approvals >= 2);
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
  const timeout = options.timeout ?? options.timeoutSeconds;
  if (timeout !== undefined) positiveSeconds("timeout", timeout);
  return requireWorkflow("condition()").condition(predicate, timeout);
}
