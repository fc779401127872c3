import type { InputEvent } from "@eventual/engine";
import { firingWrite } from "@eventual/engine";
import { dueTimers } from "./claim-statements.js";
import { type TimerRow, timerFromRow } from "./rows.js";
import type { Transaction } from "./transaction.js";
import * as sql from "./write-statements.js";
import { applyWrite } from "./writes.js";

/**
 * Fires the due timers, earliest first, at most `limit`, in `tx`; returns how many fired. The
 * timers and their executions are locked as they are read; then one statement removes them and
 * the rest are sent without waiting: each run of workflow timers appends to inboxes in one
 * statement, and each activity timer's write (`firingWrite`) is applied as in a commit.
 */
export async function fireDueTimers(tx: Transaction, now: number, limit: number): Promise<number> {
  const timers = await tx.run(dueTimers, [now, limit], (result) =>
    (result.rows as TimerRow[]).map(timerFromRow),
  );
  if (timers.length === 0) return 0;
  void tx.run(sql.deleteTimers, [timers.map((timer) => timer.id)]);
  let appends = new InboxAppends();
  for (const timer of timers) {
    const write = firingWrite(timer, now);
    if (write.type === "appendInbox") {
      appends.add(write.executionId, write.event, write.key);
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
  readonly #executions: string[] = [];
  readonly #events: string[] = [];
  readonly #keys: (string | null)[] = [];
  readonly #used = new Set<string>();

  add(executionId: string, event: InputEvent, key?: string): void {
    if (key !== undefined) {
      const used = `${executionId}\u0000${key}`;
      if (this.#used.has(used)) return;
      this.#used.add(used);
    }
    this.#executions.push(executionId);
    this.#events.push(JSON.stringify(event));
    this.#keys.push(key ?? null);
  }

  send(tx: Transaction): void {
    if (this.#executions.length === 0) return;
    void tx.run(sql.appendInboxBatch, [this.#executions, this.#events, this.#keys]);
  }
}
