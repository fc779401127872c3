import { realSetImmediate } from "../executor/sandbox.js";
import type { Store, WriteGroup, WriteResult } from "../store/store.js";

/**
 * Group commit: every group submitted during one turn of the event loop, and while a commit is
 * in flight, goes into the next transaction, so a store pays one durable commit for many tasks.
 * Nothing waits on a timer to fill a batch: a commit starts at the end of the turn that asked for
 * it, so latency stays one commit while throughput grows with load.
 */
export class GroupCommitter {
  #queue: { group: WriteGroup; resolve(r: WriteResult[]): void; reject(e: unknown): void }[] = [];
  #busy = false;

  constructor(
    private readonly store: Store,
    private readonly maxGroups = 500,
  ) {}

  /** Resolves with the group's results once its transaction has committed. */
  submit(group: WriteGroup): Promise<WriteResult[]> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ group, resolve, reject });
      if (!this.#busy) {
        this.#busy = true;
        realSetImmediate(() => void this.#flush());
      }
    });
  }

  async #flush(): Promise<void> {
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.maxGroups);
      try {
        const results = await this.store.commit(batch.map((item) => item.group));
        for (const [i, item] of batch.entries()) item.resolve(results[i]!);
      } catch (error) {
        for (const item of batch) item.reject(error);
      }
    }
    this.#busy = false;
  }
}
