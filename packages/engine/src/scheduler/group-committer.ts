import type { CrashPoint } from "../crash-points.js";
import { noCrashes } from "../crash-points.js";
import { realSetImmediate } from "../executor/sandbox.js";
import type { Store, WriteGroup, WriteResult } from "../store/store.js";

type Queued = { group: WriteGroup; resolve(r: WriteResult[]): void; reject(e: unknown): void };

/**
 * Group commit: every group submitted during one turn of the event loop, and while commits are
 * in flight, goes into the next transaction, so a store pays one durable commit for many tasks.
 * Nothing waits on a timer to fill a batch: a commit starts at the end of the turn that asked for
 * it, so latency stays one commit while throughput grows with load. A store whose commits can
 * run side by side (`Store.concurrentCommits`, PostgreSQL's several connections) gets that many
 * in flight at once, each started once the one before has applied its writes and waits only for
 * its flush: two commits writing at once would contend for the same pages, and each would carry
 * fewer groups for the same cost per commit.
 */
export class GroupCommitter {
  #queue: Queued[] = [];
  #inFlight = 0;
  /** Whether a commit in flight has yet to apply its writes: none other starts until it has. */
  #applying = false;
  #scheduled = false;
  readonly #concurrency: number;

  constructor(
    private readonly store: Store,
    private readonly crashPoint: CrashPoint = noCrashes,
    private readonly maxGroups = 500,
  ) {
    this.#concurrency = Math.max(1, store.concurrentCommits ?? 1);
  }

  /** Resolves with the group's results once its transaction has committed. */
  submit(group: WriteGroup): Promise<WriteResult[]> {
    this.crashPoint("engine.submit");
    return new Promise((resolve, reject) => {
      this.#queue.push({ group, resolve, reject });
      this.#schedule();
    });
  }

  /** Starts a commit at the end of this turn, if one may start. */
  #schedule(): void {
    if (this.#scheduled || !this.#mayStart() || this.#queue.length === 0) return;
    this.#scheduled = true;
    realSetImmediate(() => {
      this.#scheduled = false;
      void this.#commitNext();
    });
  }

  async #commitNext(): Promise<void> {
    if (this.#queue.length === 0 || !this.#mayStart()) return;
    const batch = this.#queue.splice(0, this.maxGroups);
    this.#inFlight++;
    this.#applying = true;
    let applied = false;
    const whenApplied = () => {
      if (applied) return;
      applied = true;
      this.#applying = false;
      // Another commit may start alongside this one with what arrived meanwhile.
      this.#schedule();
    };
    try {
      await this.#commitBatch(batch, this.#concurrency > 1 ? whenApplied : undefined);
    } finally {
      this.#inFlight--;
      whenApplied();
      this.#schedule();
    }
  }

  #mayStart(): boolean {
    return this.#inFlight < this.#concurrency && !this.#applying;
  }

  /**
   * Commits the batch in one transaction. When that fails, nothing of it was written, and the
   * failure may be one group's alone (a value the store refuses): each group is then committed
   * by itself, so that a failure reaches only the callers whose groups fail again.
   */
  async #commitBatch(batch: Queued[], whenApplied?: () => void): Promise<void> {
    try {
      const groups = batch.map((item) => item.group);
      const results = await this.store.commit(groups, whenApplied);
      for (const [i, item] of batch.entries()) item.resolve(results[i]!);
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error);
      for (const item of batch) await this.#commitBatch([item]);
    }
  }
}
