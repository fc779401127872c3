/**
 * Callers waiting for executions to end, by execution id: one engine listener wakes exactly the
 * waiters of the execution that ended, however many executions are being waited on.
 */
export class EndingWaiters {
  readonly #waiters = new Map<string, Set<() => void>>();

  /** A wait for the execution's end; `within(ms)` also resolves when `ms` have passed. */
  wait(executionId: string): { within(ms: number): Promise<void>; cancel(): void } {
    let wake!: () => void;
    const woken = new Promise<void>((resolve) => {
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
        const timedOut = new Promise<void>((resolve) => {
          timer = setTimeout(resolve, ms);
        });
        await Promise.race([woken, timedOut]);
        clearTimeout(timer);
        cancel();
      },
    };
  }

  notify(executionId: string): void {
    const waiters = this.#waiters.get(executionId);
    if (!waiters) return;
    this.#waiters.delete(executionId);
    for (const wake of waiters) wake();
  }
}
