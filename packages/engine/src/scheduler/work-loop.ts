import type { Clock } from "../clock.js";

/** Node fires longer timeouts at once; a longer sleep just wakes, finds nothing, and sleeps again. */
const maxTimerMs = 2 ** 31 - 1;
const errorBackoffMs = 500;
const fullWorkersBackoffMs = 50;

/**
 * Runs an engine's work continuously: drain, then sleep until the next timer or retry is due, or
 * until `wake()` says new work was committed. Pushed wake-ups keep a step's latency off any
 * polling interval; `maxIdleMs` only bounds how long work from elsewhere can go unnoticed.
 */
export class WorkLoop {
  #running = false;
  #woken = false;
  #done?: Promise<void>;
  #sleeper?: { resolve(): void; timer?: NodeJS.Timeout };

  constructor(
    private readonly drain: () => Promise<void>,
    private readonly nextWakeTime: () => Promise<number | undefined>,
    private readonly clock: Clock,
    private readonly maxIdleMs = 1000,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#done = this.#run();
  }

  /** Resolves once the work in hand is done. */
  async stop(): Promise<void> {
    this.#running = false;
    this.wake();
    await this.#done;
  }

  /** New work may be ready: end the current sleep, or skip the next one. */
  wake(): void {
    this.#woken = true;
    const sleeper = this.#sleeper;
    this.#sleeper = undefined;
    if (sleeper) {
      clearTimeout(sleeper.timer);
      sleeper.resolve();
    }
  }

  async #run(): Promise<void> {
    while (this.#running) {
      this.#woken = false;
      let delay: number;
      try {
        await this.drain();
        if (this.#woken || !this.#running) continue;
        const next = await this.nextWakeTime();
        delay = Math.min(this.maxIdleMs, next === undefined ? Infinity : next - this.clock.now());
        // Work is due but the drain could claim none of it: the workers are full. Wait for one to
        // make room (it wakes the loop) rather than asking the store again at once.
        if (delay <= 0) delay = fullWorkersBackoffMs;
      } catch (error) {
        // The store may be briefly unavailable (a restarting database): try again shortly.
        this.onError(error);
        delay = errorBackoffMs;
      }
      if (delay > 0 && !this.#woken && this.#running) await this.#sleep(delay);
    }
  }

  /** Sleeps until woken, or `ms` (a timer only when finite: an idle engine costs no CPU). */
  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = Number.isFinite(ms)
        ? setTimeout(() => this.wake(), Math.min(ms, maxTimerMs))
        : undefined;
      this.#sleeper = { resolve, timer };
    });
  }
}
