/**
 * Work a worker has started and not yet finished, bounded by a capacity: a live host starts
 * activities and subscribers in the background, so one slow call never holds up the rest.
 */
export class InFlight<Key> {
  readonly #running = new Map<Key, Promise<void>>();
  #moreWaiting = false;

  /**
   * `onRoom` is called when work finishes while more may be waiting to be claimed, or, with
   * `always`, whenever work finishes.
   */
  constructor(
    readonly capacity: number,
    private readonly onRoom: () => void = () => {},
    private readonly options: { always?: boolean; onError?: (error: unknown) => void } = {},
  ) {}

  /**
   * Records how a claim for `room` went: one that filled its room (or had none) may have left
   * work in the store, so the next finish calls `onRoom`.
   */
  claimed(room: number, count: number): void {
    this.#moreWaiting = count >= room;
  }

  /** How many more may start now. */
  get free(): number {
    return Math.max(0, this.capacity - this.#running.size);
  }

  get size(): number {
    return this.#running.size;
  }

  /** The keys of what is running, e.g. to renew their leases. */
  keys(): Key[] {
    return [...this.#running.keys()];
  }

  /** Tracks `work` until it settles; resolves when it has (it never rejects: `onError` hears). */
  start(key: Key, work: () => Promise<void>): Promise<void> {
    const tracked = work()
      .catch((error) => this.options.onError?.(error))
      .finally(() => {
        this.#running.delete(key);
        if (this.#moreWaiting || this.options.always) this.onRoom();
      });
    this.#running.set(key, tracked);
    return tracked;
  }

  /** Resolves once everything started so far has finished. */
  async idle(): Promise<void> {
    while (this.#running.size > 0) await Promise.all(this.#running.values());
  }
}
