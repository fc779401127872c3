import type { Write, WriteGroup, WriteResult } from "@eventual/engine";
import { toJson } from "@eventual/engine/sql-rows";
import type pg from "pg";
import { executionParams, timerColumns } from "./rows.js";
import { type Transaction, transaction } from "./transaction.js";
import { notifyWork } from "./wakeups.js";
import * as sql from "./write-statements.js";
import { applyWrite } from "./writes.js";

type StartExecution = Extract<Write, { type: "startExecution" }>;

/**
 * Commits groups in one transaction, sending every statement at once: one round trip.
 *
 * The executions written to are locked first, in id order, so commits that touch the same
 * executions queue up rather than deadlock, and two nodes committing the same workflow task
 * apply it once. Each group's guards are checked by statements sent before its writes, which
 * abort the transaction when one fails; so does a start whose execution exists. The commit then
 * runs again without that group (every result `conflict`) or that start (`exists`, none of its
 * effects): each group applies or not as if alone, without a savepoint per group.
 */
export async function commitGroups(pool: pg.Pool, groups: WriteGroup[]): Promise<WriteResult[][]> {
  const decided: Decided = new Map();
  for (;;) {
    let attempt: CommitAttempt | undefined;
    try {
      const sent = await transaction(pool, (tx) => {
        attempt = new CommitAttempt(tx, decided);
        return attempt.send(groups);
      });
      return await Promise.all(sent.map((results) => Promise.all(results)));
    } catch (error) {
      const refused = attempt?.refused(error);
      if (!refused) throw error;
      decided.set(refused.target, refused.result);
    }
  }
}

/** What earlier attempts learned: groups whose guard failed, starts whose execution exists. */
type Decided = Map<WriteGroup | Write, WriteResult>;

interface Check {
  target: WriteGroup | Write;
  result: WriteResult;
  reason?: unknown;
}

class CommitAttempt {
  readonly #tx: Transaction;
  readonly #decided: Decided;
  readonly #checks: Check[] = [];
  /** Writes that were their own guard, already sent. */
  readonly #guarded = new Map<Write, WriteResult | Promise<WriteResult>>();

  constructor(tx: Transaction, decided: Decided) {
    this.#tx = tx;
    this.#decided = decided;
  }

  send(groups: WriteGroup[]): (WriteResult | Promise<WriteResult>)[][] {
    const live = groups.filter((group) => !this.#decided.has(group)).flat();
    const locked = executionsWritten(live);
    if (locked.length > 0) void this.#tx.run(sql.lockExecutions, [locked]);
    // Delivered at commit, once however many writes made work.
    if (live.some(wakesOthers)) void this.#tx.send(notifyWork);
    return groups.map((group) => {
      const decided = this.#decided.get(group);
      if (decided) return group.map(() => decided);
      for (const write of group) this.#guard(group, write);
      return group.map((write) => this.#apply(write));
    });
  }

  /** The check whose refusal aborted this attempt, if that is what `error` is. */
  refused(error: unknown): Check | undefined {
    const { code } = error as { code?: string };
    if (code !== sql.refusal.conflict && code !== sql.refusal.exists) return undefined;
    return this.#checks.find((check) => check.reason === error);
  }

  #guard(group: WriteGroup, write: Write): void {
    if (write.type === "completeWorkflowTask") {
      const { executionId, expectedHistoryLength: length, unclaimed } = write;
      this.#check(
        group,
        "conflict",
        unclaimed
          ? this.#tx.run(sql.requireUnclaimed, [executionId, unclaimed.now, length])
          : this.#tx.run(sql.requireLease, [executionId, write.owner, length]),
      );
    } else if (
      write.type === "settleTimer" ||
      (write.type === "settleActivity" && write.intoHistory)
    ) {
      // These writes check themselves: each aborts when what it settles is gone.
      const settled = applyWrite(this.#tx, write);
      this.#check(group, "conflict", Promise.resolve(settled));
      this.#guarded.set(write, settled);
    }
  }

  #apply(write: Write): WriteResult | Promise<WriteResult> {
    const decided = this.#decided.get(write) ?? this.#guarded.get(write);
    if (decided) return decided;
    return write.type === "startExecution" ? this.#start(write) : applyWrite(this.#tx, write);
  }

  #start(write: StartExecution): Promise<WriteResult> {
    const { execution, ended } = write;
    const created = this.#tx.run(
      sql.startExecution,
      [
        ...executionParams({ ...execution, status: ended?.status ?? execution.status }),
        write.history.map((event) => JSON.stringify(event)),
        ended ? toJson(ended.result) : null,
        ended ? toJson(ended.error) : null,
        ended?.endTime ?? null,
        ...timerColumns(write.timers),
      ],
      () => "created" as const,
    );
    this.#check(write, "exists", created);
    for (const effect of write.effects) void this.#apply(effect);
    return created;
  }

  #check(target: WriteGroup | Write, result: WriteResult, answer: Promise<unknown>): void {
    const check: Check = { target, result };
    answer.catch((reason: unknown) => {
      check.reason = reason;
    });
    this.#checks.push(check);
  }
}

/**
 * The executions that writes touch. Locking them all first, in one order, is what keeps two
 * commits from each holding a row the other waits for.
 */
export function executionsWritten(writes: readonly Write[]): string[] {
  const ids = new Set<string>();
  const visit = (write: Write): void => {
    const id = executionOf(write);
    if (id !== undefined) ids.add(id);
    if (write.type === "startExecution") write.effects.forEach(visit);
  };
  writes.forEach(visit);
  return [...ids];
}

function executionOf(write: Write): string | undefined {
  switch (write.type) {
    case "createExecution":
    case "startExecution":
      return write.execution.id;
    case "setTimer":
      return write.timer.executionId;
    case "scheduleActivity":
      return write.task.executionId;
    case "appendInbox":
    case "completeWorkflowTask":
    case "releaseWorkflowTask":
    case "settleActivity":
    case "settleTimer":
    case "retryActivity":
    case "awaitActivity":
    case "heartbeatActivity":
      return write.executionId;
    default:
      return undefined;
  }
}

/** Whether a write may make work claimable by another node, which `NOTIFY` then wakes. */
export function wakesOthers(write: Write): boolean {
  switch (write.type) {
    case "createExecution":
    case "appendInbox":
    case "releaseWorkflowTask":
    case "releaseHolds":
    case "retryActivity":
    case "setTimer":
    case "moveTimer":
    case "createDeliveries":
    case "retryDelivery":
    case "redriveDelivery":
      return true;
    case "settleActivity":
      return !write.intoHistory;
    case "scheduleActivity":
      // A task scheduled with a claim runs where it was scheduled.
      return write.claim === undefined;
    case "startExecution":
      return write.effects.some(wakesOthers);
    case "completeWorkflowTask":
      // Releasing a hold frees an inbox that may have been waiting for it.
      return write.held === null;
    default:
      return false;
  }
}
