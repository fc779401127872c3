import type { WriteOf } from "@eventual/engine";
import { firingWrite } from "@eventual/engine";
import { appendInboxBatch } from "./sql/append-inbox-batch.js";
import { deleteTimers } from "./sql/delete-timers.js";
import { dueTimers } from "./sql/due-timers.js";
import type { Transaction } from "./transaction.js";
import { applyWrite } from "./writes.js";

/**
 * Fires the due timers, earliest first, at most `limit`, in `tx`; returns how many fired. The
 * timers and their executions are locked as they are read; then one statement removes them and
 * the rest are sent without waiting: each run of workflow timers appends to inboxes in one
 * statement, and each activity timer's write (`firingWrite`) is applied as in a commit.
 */
export async function fireDueTimers(tx: Transaction, now: number, limit: number): Promise<number> {
  const timers = await dueTimers(tx, now, limit);
  if (timers.length === 0) return 0;
  void deleteTimers(tx, timers);
  let appends = new InboxAppends();
  for (const timer of timers) {
    const write = firingWrite(timer, now);
    if (write.type === "appendInbox") {
      appends.add(write);
      continue;
    }
    // Inbox order follows firing order: what was batched before goes first.
    appends.send(tx);
    appends = new InboxAppends();
    void applyWrite(tx, write);
  }
  appends.send(tx);
  return timers.length;
}

/** Inbox entries appended by one statement, in order; of two under one key, the first counts. */
class InboxAppends {
  readonly #appends: WriteOf<"appendInbox">[] = [];
  readonly #used = new Set<string>();

  add(append: WriteOf<"appendInbox">): void {
    if (append.key !== undefined) {
      const used = `${append.executionId}\u0000${append.key}`;
      if (this.#used.has(used)) return;
      this.#used.add(used);
    }
    this.#appends.push(append);
  }

  send(tx: Transaction): void {
    if (this.#appends.length > 0) void appendInboxBatch(tx, this.#appends);
  }
}
