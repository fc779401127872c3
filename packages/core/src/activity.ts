import type { SerializedError } from "./errors.js";
import type { ActivityPolicy, RetryPolicy } from "./registry.js";
import { assertName, declare } from "./registry.js";
import type { ActivityContext } from "./runtime.js";
import { currentActivity, currentWorkflow, serviceRuntime } from "./runtime.js";
import type { DurationValue } from "./schedule.js";
import { durationSeconds } from "./schedule.js";

export { positiveSeconds } from "./schedule.js";

/** Options of an activity; `timeoutSeconds` and `heartbeatSeconds` are the original Eventual's spellings, still accepted. */
export interface ActivityOptions {
  /**
   * Seconds (or a `duration()`) from scheduling until the activity fails with `Timeout`, across
   * all attempts.
   */
  timeout?: DurationValue;
  timeoutSeconds?: number;
  /**
   * Seconds (or a `duration()`) an attempt may run without calling `heartbeat()`. Past it the
   * attempt is over: retried after the backoff while `retry` leaves attempts, else the activity
   * fails with `HeartbeatTimeout`.
   */
  heartbeatTimeout?: DurationValue;
  heartbeatSeconds?: number;
  /** With no retry policy an activity runs once. */
  retry?: RetryPolicy;
}

/**
 * Fails an activity that returned `asyncResult`: `error` is the name the workflow sees (with
 * `message`), or an `Error` whose name and message it sees.
 *
 * @example
 * await requestApproval.sendActivityFailure({ activityToken, error: new Error("rejected") });
 */
export interface SendActivityFailureRequest {
  activityToken: string;
  error: string | Error;
  message?: string;
}

/**
 * An activity as declared: call it from a workflow to run it as a durable step. Called anywhere
 * else (a test, a script) it simply runs its handler and returns the handler's result.
 */
export interface Activity<Args extends any[] = any[], Result = any> {
  (...args: Args): Promise<Result>;
  readonly activityName: string;
  readonly options: ActivityPolicy;
  readonly handler: (...args: Args) => Promise<Result> | Result;
  /** Completes an activity that returned `asyncResult`, from anywhere. */
  sendActivitySuccess(request: { activityToken: string; result: Result }): Promise<void>;
  /** Fails an activity that returned `asyncResult`; the workflow sees `error` as the error's name. */
  sendActivityFailure(request: SendActivityFailureRequest): Promise<void>;
  /** Heartbeats an activity that returned `asyncResult`. */
  sendActivityHeartbeat(request: { activityToken: string }): Promise<{ cancelled: boolean }>;
}

/**
 * Declares an activity: a unit of real work (network, database, clock) that a workflow calls.
 *
 * Runs at least once per call: a crash or lease expiry runs it again with a higher attempt number
 * (`getActivityContext().attempt`), so make its effects idempotent. With a `retry` policy a thrown
 * error is retried with exponential backoff; the last error reaches the workflow with its `name`
 * and `message`. Called outside a workflow (a unit test of the activity itself) it runs its handler
 * directly.
 *
 * @example
 * export const chargeCard = activity("chargeCC", { timeout: duration(1, "minute"), retry: { maxAttempts: 5 } },
 *   async (source: string, amount: number) => stripe.charges.create({ amount, source, currency: "usd" }));
 * // in a test: expect(await chargeCard("tok_visa", 5)).toMatchObject({ paid: true });
 */
export function activity<Args extends any[], Result>(
  name: string,
  handler: (...args: Args) => Promise<Result> | Result,
): Activity<Args, Awaited<Result>>;
export function activity<Args extends any[], Result>(
  name: string,
  options: ActivityOptions,
  handler: (...args: Args) => Promise<Result> | Result,
): Activity<Args, Awaited<Result>>;
export function activity(
  name: string,
  optionsOrHandler: ActivityOptions | ((...args: any[]) => unknown),
  maybeHandler?: (...args: any[]) => unknown,
): Activity {
  assertName("Activity", name);
  const handler = typeof optionsOrHandler === "function" ? optionsOrHandler : maybeHandler;
  if (typeof handler !== "function")
    throw new Error(`Activity "${name}" needs a handler function.`);
  const options = normalizeActivityOptions(
    typeof optionsOrHandler === "function" ? {} : optionsOrHandler,
  );
  declare("activities", { name, options, handler });

  const call = (...args: any[]) => {
    const workflow = currentWorkflow();
    // Outside a workflow (a test, a script) there is no durable step to record: the call is the
    // handler's, as the original Eventual ran it.
    if (!workflow) return runHandler(handler, args);
    return workflow.callActivity(name, args);
  };
  return Object.assign(call, {
    activityName: name,
    options,
    handler,
    sendActivitySuccess: (request: { activityToken: string; result: unknown }) =>
      serviceRuntime().completeActivity(request),
    sendActivityFailure: (request: SendActivityFailureRequest) =>
      serviceRuntime().completeActivity({
        activityToken: request.activityToken,
        error: activityFailure(request),
      }),
    sendActivityHeartbeat: (request: { activityToken: string }) =>
      serviceRuntime().heartbeatActivity(request.activityToken),
  }) as Activity;
}

function normalizeActivityOptions(options: ActivityOptions): ActivityPolicy {
  const policy: ActivityPolicy = {};
  const timeout = options.timeout ?? options.timeoutSeconds;
  const heartbeatTimeout = options.heartbeatTimeout ?? options.heartbeatSeconds;
  if (timeout !== undefined) policy.timeout = durationSeconds("timeout", timeout);
  if (heartbeatTimeout !== undefined) {
    policy.heartbeatTimeout = durationSeconds("heartbeatTimeout", heartbeatTimeout);
  }
  if (options.retry) {
    if (!Number.isInteger(options.retry.maxAttempts) || options.retry.maxAttempts < 1) {
      throw new Error("retry.maxAttempts must be an integer of at least 1.");
    }
    policy.retry = { ...options.retry };
  }
  return policy;
}

/** The `{ name, message }` a failure sent from outside stands for. */
export function activityFailure(request: SendActivityFailureRequest): SerializedError {
  if (typeof request.error === "string") {
    return { name: request.error, message: request.message ?? "" };
  }
  return { name: request.error.name, message: request.message ?? request.error.message };
}

/** Runs a handler as a plain call, with a synchronous throw turned into a rejection. */
async function runHandler(handler: (...args: any[]) => unknown, args: unknown[]): Promise<unknown> {
  return handler(...args);
}

/** The attempt, token and execution of the activity running now; throws outside an activity. */
export function getActivityContext(): ActivityContext {
  return requireActivity("getActivityContext()").context;
}

/**
 * Tells the engine this activity is alive, resetting its `heartbeatTimeout`. Resolves
 * `{ cancelled: true }` once the execution has ended, so long work can stop early.
 *
 * @example
 * for (const page of pages) { await copy(page); if ((await heartbeat()).cancelled) return; }
 */
export function heartbeat(): Promise<{ cancelled: boolean }> {
  return requireActivity("heartbeat()").heartbeat();
}

/** The original Eventual's name for `heartbeat()`; with a token it heartbeats that activity from anywhere. */
export function sendActivityHeartbeat(request?: {
  activityToken: string;
}): Promise<{ cancelled: boolean }> {
  if (request) return serviceRuntime().heartbeatActivity(request.activityToken);
  return heartbeat();
}

const asyncResultMarker = Symbol.for("eventual.asyncResult");

/**
 * Lets an activity finish later, from elsewhere: `register` receives the activity's token, and the
 * activity completes when someone calls `sendActivitySuccess`/`sendActivityFailure` with it (or
 * times out). Return its result from the activity.
 *
 * @example
 * const approve = activity("approve", { timeout: 86400 }, () =>
 *   asyncResult<boolean>((token) => queue.send({ token })));
 */
export async function asyncResult<T = unknown>(
  register: (activityToken: string) => Promise<void> | void,
): Promise<T> {
  const activity = requireActivity("asyncResult()");
  await register(activity.context.activityToken);
  return { [asyncResultMarker]: true } as T;
}

/** Whether an activity's return value asks to be completed later. */
export function isAsyncResult(value: unknown): boolean {
  return typeof value === "object" && value !== null && asyncResultMarker in value;
}

function requireActivity(primitive: string) {
  const activity = currentActivity();
  if (!activity) throw new Error(`${primitive} can only be called from inside an activity.`);
  return activity;
}
