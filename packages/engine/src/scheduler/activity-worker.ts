import { isAsyncResult } from "@eventual/core/internal";
import { iso } from "../clock.js";
import { codeScope } from "../code-scope.js";
import type { ActivityRetrying, InputEvent } from "../history.js";
import { retryKey } from "../history.js";
import { jsonProblem } from "../json-values.js";
import { CapturedLogs } from "../logs/captured-logs.js";
import { failureOf } from "../own-stack.js";
import { activityCompletion } from "../records.js";
import { retryDelaySeconds } from "../retry.js";
import type { ActivityTask, Write } from "../store/store.js";
import { activityRuntime } from "./activity-context.js";
import type { EngineContext } from "./engine-context.js";
import { InFlight } from "./in-flight.js";
import { activityHeartbeatTimer, timerIds } from "./timers.js";

/**
 * An activity's result as it may be stored; a result that cannot be (a bigint, a value nested
 * too deep) fails the attempt, which is retried as any failure is, rather than the commit.
 */
function storableResult(name: string, result: unknown, context: EngineContext): unknown {
  if (isAsyncResult(result)) return result;
  const problem = jsonProblem(result, context.maxJsonDepth);
  if (problem === undefined) return result;
  throw new TypeError(`Activity "${name}" returned a value that cannot be stored: it ${problem}.`);
}

/**
 * Where a completion may apply at once: a live host steps the execution's instance here, in one
 * commit with the settlement; false when it does not (the completion then goes to the inbox).
 */
export interface ActivityCompletions {
  completeActivity(task: ActivityTask, event: InputEvent, extra: Write[]): Promise<boolean>;
}

/** Finds the code to run for an activity; the TestEnvironment swaps in mocks here. */
export type ActivityHandlerLookup = (name: string) => ((...args: any[]) => unknown) | undefined;

/**
 * Claims activity tasks and runs them. A success or the last failure is written into the
 * execution's inbox in the same transaction that removes the task; a failure with attempts left is
 * retried after backoff; an `asyncResult` leaves the task waiting for a completion from outside.
 */
export class ActivityWorker {
  readonly running: InFlight<string>;

  constructor(
    private readonly context: EngineContext,
    private readonly handlerFor: ActivityHandlerLookup,
    private readonly steps: ActivityCompletions,
    capacity = 200,
  ) {
    this.running = new InFlight(capacity, context.wake, {
      onError: (error) => context.reportError(error, "running activities"),
    });
  }

  /** Claims as many due tasks as there is room for and starts them; resolves with what started. */
  dispatch(limit = this.running.capacity): Promise<Promise<void>[]> {
    const { store, clock, owner, leaseMs } = this.context;
    return this.running.dispatch(
      limit,
      (room) => store.claimActivityTasks({ owner, now: clock.now(), leaseMs, limit: room }),
      activityKey,
      (task) => this.#run(task),
    );
  }

  /** Starts tasks already leased to this worker, such as those a step scheduled here. */
  run(tasks: ActivityTask[]): void {
    for (const task of tasks) {
      void this.running.start(activityKey(task), () => this.#run(task));
    }
  }

  async #run(task: ActivityTask): Promise<void> {
    const heartbeatTimer = () =>
      activityHeartbeatTimer(
        task.executionId,
        task.seq,
        task.name,
        task.policy,
        this.context.clock.now(),
        task.attempt,
      );
    const firstTimer = heartbeatTimer();
    if (firstTimer) await this.#commit([{ type: "setTimer", timer: firstTimer }]);

    const runtime = activityRuntime(task, () =>
      this.heartbeat(task.executionId, task.seq, heartbeatTimer()),
    );
    const handler = this.handlerFor(task.name);
    const logs = new CapturedLogs(this.context, `activity ${task.name}`, task.executionId);
    let outcome: { result: unknown } | { error: unknown };
    try {
      if (!handler) throw new Error(`Activity "${task.name}" is not declared by this service.`);
      const result = await codeScope.run({ activity: runtime, logs }, () => handler(...task.args));
      outcome = { result: storableResult(task.name, result, this.context) };
    } catch (error) {
      outcome = { error };
    }
    await this.#finish(task, outcome, logs.writes());
  }

  async #finish(
    task: ActivityTask,
    outcome: { result: unknown } | { error: unknown },
    logWrites: Write[],
  ): Promise<void> {
    const { writes, reported } = finishWrites(task, outcome, this.context.clock.now());
    const [settle] = writes;
    const settled =
      settle?.type === "settleActivity" &&
      (await this.steps.completeActivity(task, settle.event, logWrites));
    if (!settled) {
      await this.#commit([...writes, ...logWrites]);
      this.context.wake(); // an inbox event or a retry for the loop to pick up
    }
    this.context.emit("activityCompleted", {
      executionId: task.executionId,
      seq: task.seq,
      name: task.name,
      attempt: task.attempt,
      outcome: reported,
    });
  }

  /** Records a heartbeat; `cancelled` once the activity is no longer wanted. */
  async heartbeat(
    executionId: string,
    seq: number,
    timer: ReturnType<typeof activityHeartbeatTimer>,
  ): Promise<{ cancelled: boolean }> {
    const [result] = await this.context.committer.submit([
      { type: "heartbeatActivity", executionId, seq, ...(timer ? { timer } : {}) },
    ]);
    return { cancelled: result !== "ok" };
  }

  async #commit(writes: Write[]): Promise<void> {
    await this.context.committer.submit(writes);
  }
}

/** What ending an attempt commits: a result, a final failure, a retry, or a wait for completion. */
function finishWrites(
  task: ActivityTask,
  outcome: { result: unknown } | { error: unknown },
  now: number,
): { writes: Write[]; reported: "succeeded" | "failed" | "retrying" | "waiting" } {
  const { executionId, seq } = task;
  if ("result" in outcome && isAsyncResult(outcome.result)) {
    return { writes: [{ type: "awaitActivity", executionId, seq }], reported: "waiting" };
  }
  if ("result" in outcome) {
    const event = activityCompletion(seq, outcome, now);
    return { writes: [{ type: "settleActivity", executionId, seq, event }], reported: "succeeded" };
  }
  const delay = retryDelaySeconds(task.policy.retry, task.attempt);
  if (delay === undefined) {
    const event = activityCompletion(seq, failureOf(outcome.error), now);
    return { writes: [{ type: "settleActivity", executionId, seq, event }], reported: "failed" };
  }
  // The failed attempt joins history with the retry, so the history shows why it ran again.
  const event: ActivityRetrying = {
    type: "ActivityRetrying",
    seq,
    attempt: task.attempt,
    ...failureOf(outcome.error),
    retryDelay: delay,
    timestamp: iso(now),
  };
  const retry: Write = {
    type: "retryActivity",
    executionId,
    seq,
    availableAt: now + delay * 1000,
    event,
    key: retryKey(seq, task.attempt),
  };
  const writes: Write[] = [retry];
  // The failed attempt's heartbeat deadline ends with it; the next claim sets a new one.
  if (task.policy.heartbeatTimeout !== undefined) {
    writes.push({
      type: "deleteTimer",
      executionId,
      id: timerIds.activityHeartbeat(executionId, seq),
    });
  }
  return { writes, reported: "retrying" };
}

/**
 * How a running attempt is named among the worker's in-flight work and in lease renewals. An
 * attempt that stopped heartbeating may still be running when the next one starts here.
 */
export function activityKey(task: ActivityTask): string {
  return JSON.stringify([task.executionId, task.seq, task.attempt]);
}

export function parseActivityKey(key: string): { executionId: string; seq: number } {
  const [executionId, seq] = JSON.parse(key) as [string, number];
  return { executionId, seq };
}
