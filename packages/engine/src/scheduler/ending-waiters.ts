import type { Execution } from "@eventual/core";

/** How an execution ended, as the step that ended it knows. */
export type ExecutionEnding = Pick<Execution, "status" | "result" | "error" | "endTime">;

/** A registered wait for one execution's end. */
export interface EndingWait {
  /** The ending, or undefined when `ms` passed first. */
  within(ms: number): Promise<ExecutionEnding | undefined>;
  cancel(): void;
}

/**
 * Callers waiting for executions to end, by execution id: one engine listener wakes exactly the
 * waiters of the execution that ended, however many executions are being waited on.
 */
export class EndingWaiters {
  readonly #waiters = new Map<string, Set<(ending: ExecutionEnding) => void>>();

  /** A wait for the execution's end, from now on. */
  wait(executionId: string): EndingWait {
    let wake!: (ending: ExecutionEnding) => void;
    const woken = new Promise<ExecutionEnding>((resolve) => {
      wake = resolve;
    });
    const waiters = this.#waiters.get(executionId) ?? new Set();
    waiters.add(wake);
    this.#waiters.set(executionId, waiters);
    const cancel = () => {
      waiters.delete(wake);
      if (waiters.size === 0 && this.#waiters.get(executionId) === waiters) {
        this.#waiters.delete(executionId);
      }
    };
    return {
      cancel,
      within: async (ms) => {
        let timer: NodeJS.Timeout | undefined;
        const timedOut = new Promise<undefined>((resolve) => {
          timer = setTimeout(() => resolve(undefined), ms);
        });
        const ending = await Promise.race([woken, timedOut]);
        clearTimeout(timer);
        cancel();
        return ending;
      },
    };
  }

  notify(executionId: string, ending: ExecutionEnding): void {
    const waiters = this.#waiters.get(executionId);
    if (!waiters) return;
    this.#waiters.delete(executionId);
    for (const wake of waiters) wake(ending);
  }
}
