import { currentWorkflow } from "./runtime.js";

/**
 * The units `duration()` takes, as the original Eventual spelled them.
 *
 * @example
 * const unit: DurationUnit = "minutes";
 */
export type DurationUnit =
  | "second"
  | "seconds"
  | "minute"
  | "minutes"
  | "hour"
  | "hours"
  | "day"
  | "days"
  | "year"
  | "years";

/**
 * A length of time, as `duration()` returns it (and as it serializes).
 *
 * @example
 * const day: DurationSchedule = { type: "Duration", dur: 1, unit: "day" };
 */
export interface DurationSchedule {
  readonly type: "Duration";
  readonly dur: number;
  readonly unit: DurationUnit;
}

/**
 * A point in time, as `time()` returns it (and as it serializes).
 *
 * @example
 * const newYear: TimeSchedule = { type: "Time", isoDate: "2027-01-01T00:00:00.000Z" };
 */
export interface TimeSchedule {
  readonly type: "Time";
  /** ISO 8601, in UTC. */
  readonly isoDate: string;
}

/**
 * A length of time given as seconds or as `duration()`.
 *
 * @example
 * const timeout: DurationValue = duration(30, "minutes"); // or 1800
 */
export type DurationValue = number | DurationSchedule;

/**
 * A timeout given as seconds, as `duration()`, or as the `time()` it runs out at.
 *
 * @example
 * await approvalSignal.expectSignal({ timeout: time(order.approveBy) });
 */
export type TimeoutValue = number | DurationSchedule | TimeSchedule;

// A year is 365.25 days, as in the original: the units are fixed lengths, not calendar steps.
const unitSeconds: Record<DurationUnit, number> = {
  second: 1,
  seconds: 1,
  minute: 60,
  minutes: 60,
  hour: 3600,
  hours: 3600,
  day: 86_400,
  days: 86_400,
  year: 31_557_600,
  years: 31_557_600,
};

/**
 * A durable sleep that starts only when something waits on it (`await`, `then`,
 * `Promise.all`/`race`), so a `duration()` or `time()` passed as a timeout schedules nothing.
 * Its due time is fixed when it is created, so one awaited later still ends when it would have.
 */
class PendingSleep extends Promise<void> {
  // Promises derived from this one (`then`, `catch`) are plain promises, not pending sleeps.
  static override get [Symbol.species]() {
    return Promise;
  }

  #start: (() => void) | undefined;

  constructor(sleep: () => Promise<void>) {
    let settle!: { resolve: () => void; reject: (error: unknown) => void };
    super((resolve, reject) => {
      settle = { resolve: () => resolve(), reject };
    });
    this.#start = () => {
      try {
        sleep().then(settle.resolve, settle.reject);
      } catch (error) {
        settle.reject(error);
      }
    };
  }

  // biome-ignore lint/suspicious/noThenProperty: waiting on the sleep is what starts it.
  override then<A = void, B = never>(
    // biome-ignore lint/suspicious/noConfusingVoidType: the value type of a Promise<void>.
    onFulfilled?: ((value: void) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    const start = this.#start;
    this.#start = undefined;
    start?.();
    return super.then(onFulfilled, onRejected);
  }
}

/** Sleeps in the workflow that created the value, until `at` (epoch milliseconds). */
function pendingSleep(primitive: string, at: number): PendingSleep {
  const workflow = currentWorkflow();
  return new PendingSleep(() => {
    if (!workflow) {
      throw new Error(
        `${primitive} can only be awaited inside the workflow that created it; outside one, use it as a timeout.`,
      );
    }
    return workflow.sleepUntil(at);
  });
}

/**
 * A length of time (the unit defaults to seconds). Pass it wherever a timeout or `sleepFor` takes
 * seconds; inside a workflow, awaiting it sleeps durably for that long, counted from the call.
 *
 * @example
 * export const approve = activity("approve", { timeout: duration(1, "day") }, async () => {});
 * // in a workflow:
 * await duration(10, "minutes");
 * await approvalSignal.expectSignal({ timeout: duration(30, "minutes") });
 */
export function duration(
  dur: number,
  unit: DurationUnit = "seconds",
): Promise<void> & DurationSchedule {
  if (typeof dur !== "number" || !Number.isFinite(dur) || dur < 0) {
    throw new Error(`duration() needs a finite number of at least 0, got ${String(dur)}.`);
  }
  if (!Object.hasOwn(unitSeconds, unit)) {
    throw new Error(
      `duration() got the unknown unit "${String(unit)}": use second(s), minute(s), hour(s), day(s) or year(s).`,
    );
  }
  const at = Date.now() + dur * unitSeconds[unit] * 1000;
  const schedule: DurationSchedule = { type: "Duration", dur, unit };
  return Object.assign(pendingSleep("duration()", at), schedule);
}

/**
 * A point in time, from an ISO 8601 string or a `Date`. Pass it to `sleepUntil` or as the
 * deadline of `expectSignal`/`condition`; inside a workflow, awaiting it sleeps durably until then.
 *
 * @example
 * await time("2027-01-01T00:00:00Z");
 * const approved = await condition({ timeout: time(order.deadline) }, () => approvals >= 2);
 */
export function time(date: string | Date): Promise<void> & TimeSchedule {
  const at = new Date(date).getTime();
  if (Number.isNaN(at)) throw new Error(`time() got an invalid time: ${String(date)}.`);
  const schedule: TimeSchedule = { type: "Time", isoDate: new Date(at).toISOString() };
  return Object.assign(pendingSleep("time()", at), schedule);
}

export function isDurationSchedule(value: unknown): value is DurationSchedule {
  return (
    typeof value === "object" && value !== null && (value as { type?: unknown }).type === "Duration"
  );
}

export function isTimeSchedule(value: unknown): value is TimeSchedule {
  return (
    typeof value === "object" && value !== null && (value as { type?: unknown }).type === "Time"
  );
}

/** Checks a duration given in seconds. */
export function positiveSeconds(option: string, seconds: number): number {
  if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds <= 0) {
    throw new Error(`${option} must be a positive number of seconds, got ${String(seconds)}.`);
  }
  return seconds;
}

/** The seconds a length of time stands for; it must be more than zero. */
export function durationSeconds(option: string, value: DurationValue): number {
  if (isTimeSchedule(value)) {
    throw new Error(`${option} takes seconds or duration(), not a point in time.`);
  }
  if (isDurationSchedule(value)) {
    return positiveSeconds(option, value.dur * unitSeconds[value.unit]);
  }
  return positiveSeconds(option, value);
}

/**
 * The seconds until a timeout runs out, or undefined for none. A `time()` counts from now (inside
 * a workflow, the replayed time) and one already past runs out at once.
 */
export function timeoutSeconds(
  option: string,
  value: TimeoutValue | undefined,
): number | undefined {
  if (value === undefined) return undefined;
  if (isTimeSchedule(value)) return Math.max(0, (Date.parse(value.isoDate) - Date.now()) / 1000);
  return durationSeconds(option, value);
}
