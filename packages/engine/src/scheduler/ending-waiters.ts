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

  /**
   * A wait for the execution's end, from now on. One promise per wait, settled by whichever comes
   * first, the end or the timer: a call to `startAndWait` makes one, and a race of two promises
   * would cost six.
   */
  wait(executionId: string): EndingWait {
    // An end that came before `within` was called, kept for it.
    let early: ExecutionEnding | undefined;
    let settle: ((ending: ExecutionEnding | undefined) => void) | undefined;
    const wake = (ending: ExecutionEnding) => {
      if (settle) settle(ending);
      else early = ending;
    };
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
      within: (ms) => {
        if (early) {
          cancel();
          return Promise.resolve(early);
        }
        return new Promise((resolve) => {
          const timer = setTimeout(() => settle?.(undefined), ms);
          settle = (ending) => {
            settle = undefined;
            clearTimeout(timer);
            cancel();
            resolve(ending);
          };
        });
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
