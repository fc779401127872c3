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
  #sleeper?: { resolve(): void; timer?: NodeJS.Timeout; until: number };
  /** The earliest time `wakeAt` asked for since the last drain began. */
  #requested = Infinity;

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

  /**
   * Work becomes due at `time` (a timer was just set): sleep no later than that. Cheaper than
   * `wake()` for work due later, which needs no drain now.
   */
  wakeAt(time: number): void {
    this.#requested = Math.min(this.#requested, time);
    const sleeper = this.#sleeper;
    if (!sleeper || sleeper.until <= time) return;
    clearTimeout(sleeper.timer);
    this.#sleeper = undefined;
    void this.#sleep(time - this.clock.now(), sleeper.resolve);
  }

  async #run(): Promise<void> {
    while (this.#running) {
      this.#woken = false;
      this.#requested = Infinity;
      let delay: number;
      try {
        await this.drain();
        if (this.#woken || !this.#running) continue;
        const stored = (await this.nextWakeTime()) ?? Infinity;
        const now = this.clock.now();
        if (this.#requested <= now) continue; // set during the drain, and due already
        // Work the store says is due, that the drain could not claim: the workers are full. Wait
        // for one to make room (it wakes the loop) rather than asking the store again at once.
        delay =
          stored <= now
            ? fullWorkersBackoffMs
            : Math.min(this.maxIdleMs, Math.min(stored, this.#requested) - now);
      } catch (error) {
        // The store may be briefly unavailable (a restarting database): try again shortly.
        this.onError(error);
        delay = errorBackoffMs;
      }
      if (!this.#woken && this.#running) await this.#sleep(delay);
    }
  }

  /** Sleeps until woken, or `ms` (a timer only when finite: an idle engine costs no CPU). */
  #sleep(ms: number, resolve?: () => void): Promise<void> {
    return new Promise((resolveSleep) => {
      const done = resolve ?? resolveSleep;
      if (ms <= 0) return done();
      const timer = Number.isFinite(ms)
        ? setTimeout(() => this.wake(), Math.min(ms, maxTimerMs))
        : undefined;
      this.#sleeper = { resolve: done, timer, until: this.clock.now() + ms };
    });
  }
}
