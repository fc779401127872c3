import type { Clock } from "../clock.js";

/**
 * Runs an engine's work continuously: drain, then sleep until the next timer or retry is due, or
 * until `wake()` says new work was committed. Pushed wake-ups keep a step's latency off any
 * polling interval; `maxIdleMs` only bounds how long work from elsewhere can go unnoticed.
 */
export class WorkLoop {
  #running = false;
  #woken = false;
  #done?: Promise<void>;
  #sleeper?: { resolve(): void; timer: NodeJS.Timeout };

  constructor(
    private readonly drain: () => Promise<void>,
    private readonly nextWakeTime: () => Promise<number | undefined>,
    private readonly clock: Clock,
    private readonly maxIdleMs = 1000,
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
      await this.drain();
      if (this.#woken || !this.#running) continue;
      const next = await this.nextWakeTime();
      const delay = Math.min(
        this.maxIdleMs,
        next === undefined ? Infinity : next - this.clock.now(),
      );
      if (delay > 0 && !this.#woken) await this.#sleep(delay);
    }
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.#sleeper = { resolve, timer: setTimeout(() => this.wake(), ms) };
    });
  }
}
