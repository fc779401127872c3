import type { Clock } from "../clock.js";
import type { InstanceCache } from "../executor/instance-cache.js";

/** A workflow timer this process fires itself, where the execution's live instance is. */
export interface LocalTimer {
  id: string;
  executionId: string;
  seq: number;
  due: number;
}

/** How much later than due the stored copy of a local timer fires, should this process not. */
export const localTimerGraceMs = 1_000;

/**
 * Short workflow timers fired in-process at their due time, with the instance kept cached for
 * them, so a `sleepFor` costs one commit instead of a round through the store's timers and
 * inbox. The stored timer is still committed, due a grace period later: if this process dies
 * or cannot fire it, the store fires it as any other.
 */
export class LocalTimers {
  readonly #armed = new Map<string, { timeout: NodeJS.Timeout; timer: LocalTimer }>();

  constructor(
    private readonly clock: Clock,
    private readonly cache: InstanceCache,
    private readonly fire: (timer: LocalTimer, tries?: number) => Promise<void>,
    readonly limit = 10_000,
    readonly horizonMs = 5 * 60_000,
  ) {}

  /** Whether a timer due at `due` is short enough, and there is room, to fire it here. */
  accepts(due: number): boolean {
    return this.#armed.size < this.limit && due - this.clock.now() <= this.horizonMs;
  }

  /** Fires `timer` at its due time (`tries` is handed back to `fire`, for retries). */
  arm(timer: LocalTimer, tries?: number): void {
    this.disarm(timer.id);
    this.cache.pin(timer.executionId);
    const timeout = setTimeout(
      () => {
        this.disarm(timer.id);
        void this.fire(timer, tries);
      },
      Math.max(0, timer.due - this.clock.now()),
    );
    this.#armed.set(timer.id, { timeout, timer });
  }

  disarm(id: string): void {
    const armed = this.#armed.get(id);
    if (!armed) return;
    clearTimeout(armed.timeout);
    this.#armed.delete(id);
    this.cache.unpin(armed.timer.executionId);
  }

  /** Disarms every timer: their stored copies fire instead. */
  clear(): void {
    for (const id of [...this.#armed.keys()]) this.disarm(id);
  }
}
