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
   * Claims as much work as there is room for, at most `limit`, and starts every piece with `run`
   * (which sees the whole batch, for work that must keep its order); resolves with what started.
   * A claim that filled its room (or had none) may have left work in the store, so the next
   * finish calls `onRoom`.
   */
  async dispatch<T>(
    limit: number,
    claim: (room: number) => Promise<T[]>,
    keyOf: (item: T) => Key,
    run: (item: T, index: number, batch: T[]) => Promise<void>,
  ): Promise<Promise<void>[]> {
    const room = Math.min(limit, this.free);
    const batch = room === 0 ? [] : await claim(room);
    this.#moreWaiting = batch.length >= room;
    return batch.map((item, i) => this.start(keyOf(item), () => run(item, i, batch)));
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
    const settled = () => {
      this.#running.delete(key);
      if (this.#moreWaiting || this.options.always) this.onRoom();
    };
    // One reaction, not `catch` and `finally`: those make four promises for every piece of work.
    const tracked = work().then(settled, (error: unknown) => {
      try {
        this.options.onError?.(error);
      } finally {
        settled();
      }
    });
    this.#running.set(key, tracked);
    return tracked;
  }

  /** Resolves once everything started so far has finished. */
  async idle(): Promise<void> {
    while (this.#running.size > 0) await Promise.all(this.#running.values());
  }
}
