import type { CrashPoint, Write, WriteGroup, WriteResult } from "@eventual/engine";
import { noCrashes } from "@eventual/engine";
import type pg from "pg";
import { refusedWrites, sendBatch } from "./batches.js";
import {
  type BatchKind,
  executionOf,
  planCommit,
  plannedGroup,
  refusalOf,
  type Slot,
} from "./commit-plan.js";
import { lockExecutions } from "./sql/lock-executions.js";
import { refusal } from "./sql/refusal.js";
import { type Transaction, transaction } from "./transaction.js";
import { notifyWork } from "./wakeups.js";
import { applyWrite, type SimpleWrite } from "./writes.js";

/**
 * A commit's statements take arrays of rows and find each row by its key, so one plan serves
 * every value: planned once per connection rather than at each commit. Left to itself, the
 * planner keeps planning them again each time, for a plan of one array of unknown length looks
 * dearer than one made for the array in hand; that planning cost more than running them.
 * `LOCAL`: reads, whose best plan does depend on their values, keep the planner's choice.
 */
const planOnce = "SET LOCAL plan_cache_mode = force_generic_plan";

/**
 * Commits groups in one transaction, sending every statement at once: one round trip.
 *
 * The executions written to are locked first, in id order, so commits that touch the same
 * executions queue up rather than deadlock, and two nodes committing the same workflow task
 * apply it once. The writes are then sent as `planCommit` orders them, the hot path's in batches
 * of a kind. Guards are checked by statements sent before the writes they guard, which abort
 * the transaction when one fails, naming the groups that failed. The commit then runs again
 * without those groups (every result `conflict`, or `exists` for a group whose new execution
 * exists): each group applies or not as if alone, without a savepoint per group.
 *
 * `whenApplied` is called once every statement before the `COMMIT` has been answered.
 */
export async function commitGroups(
  pool: pg.Pool,
  groups: WriteGroup[],
  crashPoint: CrashPoint = noCrashes,
  whenApplied?: () => void,
): Promise<WriteResult[][]> {
  const decided: Decided = new Map();
  for (;;) {
    let attempt: CommitAttempt | undefined;
    try {
      await transaction(
        pool,
        (tx) => {
          attempt = new CommitAttempt(tx, decided, crashPoint);
          attempt.send(groups);
        },
        // Told by the first attempt alone (every rerun has decided a group more): a refusal's
        // rerun is rare, and the next commit need not wait for it.
        decided.size === 0 ? whenApplied : undefined,
      );
      return attempt!.results(groups);
    } catch (error) {
      const refused = attempt?.refused(error);
      if (!refused) throw error;
      for (const target of refused.targets) decided.set(target, refused.result);
    }
  }
}

/** What earlier attempts learned: groups whose guard failed, and with what refusal. */
type Decided = Map<WriteGroup, WriteResult>;

/** A statement that may abort the attempt; if it does, what that decides for which targets. */
interface Check {
  reason?: unknown;
  refusal(reason: unknown): Refusal | undefined;
}

interface Refusal {
  targets: WriteGroup[];
  result: WriteResult;
}

class CommitAttempt {
  readonly #tx: Transaction;
  readonly #decided: Decided;
  readonly #checks: Check[] = [];
  readonly #groupOf = new Map<Write, WriteGroup>();
  /**
   * Each write's result, recorded as its statement's answer arrives: read once the transaction
   * has committed, when every answer has, rather than through a promise per write.
   */
  readonly #answered = new Map<Write, WriteResult>();
  /** Guards sent fused into the write after them: answered `ok` when that write's is. */
  readonly #guardOf = new Map<Write, Write>();
  readonly #crashPoint: CrashPoint;

  constructor(tx: Transaction, decided: Decided, crashPoint: CrashPoint) {
    this.#tx = tx;
    this.#decided = decided;
    this.#crashPoint = crashPoint;
  }

  send(groups: WriteGroup[]): void {
    const live = groups.filter((group) => !this.#decided.has(group));
    const writes = live.flat();
    void this.#tx.send(planOnce);
    const locked = executionsWritten(writes);
    if (locked.length > 0) void lockExecutions(this.#tx, locked);
    // Delivered at commit, once however many writes made work.
    if (writes.some(wakesOthers)) void this.#tx.send(notifyWork);
    for (const group of live) for (const write of group) this.#groupOf.set(write, group);
    const planned = live.flatMap((group) => plannedGroup(group));
    for (const { write, guard } of planned) if (guard) this.#guardOf.set(write, guard);
    for (const slot of planCommit(planned)) {
      this.#sendSlot(slot);
      // Named only when a test listens: a string per batch is not free on the hot path.
      if (this.#crashPoint !== noCrashes) this.#crashPoint(`commit.after.${slot.kind}`);
    }
  }

  /** Every group's results, once the transaction that `send` filled has committed. */
  results(groups: WriteGroup[]): WriteResult[][] {
    return groups.map((group) => {
      const decided = this.#decided.get(group);
      if (decided) return group.map(() => decided);
      return group.map((write) => this.#answered.get(write)!);
    });
  }

  /** The targets the refusal that aborted this attempt decides, if that is what `error` is. */
  refused(error: unknown): Refusal | undefined {
    const { code } = error as { code?: string };
    if (code !== refusal.conflict && code !== refusal.exists) return undefined;
    return this.#checks.find((check) => check.reason === error)?.refusal(error);
  }

  #sendSlot(slot: Slot): void {
    if (slot.kind === "single") {
      const [write] = slot.writes;
      // `plannedWrite` makes singles of no kind it batches.
      const answer = applyWrite(this.#tx, write as SimpleWrite);
      // The transaction reports a failure.
      this.#tx.waitFor(answer.then((result) => this.#answer(write, result), ignore));
      return;
    }
    const answer = sendBatch(this.#tx, slot.kind, slot.writes);
    const check = this.#checkOf(slot.kind, slot.writes);
    this.#tx.waitFor(
      answer.then(
        (results) => {
          for (const [index, write] of slot.writes.entries()) {
            this.#answer(write, results[index] ?? "ok");
          }
        },
        // The transaction reports a failure; a refusal is also the check's to read.
        (reason: unknown) => {
          if (check) check.reason = reason;
        },
      ),
    );
  }

  /**
   * The check of a batch whose statement refuses, added to the commit's checks: a refused write
   * decides its whole group. None for a batch that cannot refuse.
   */
  #checkOf(kind: BatchKind, writes: Write[]): Check | undefined {
    const result = refusalOf[kind];
    if (!result) return undefined;
    const check: Check = {
      refusal: (reason) => {
        const refused = refusedWrites(writes, reason);
        const groups = refused?.map((write) => this.#groupOf.get(write)!);
        return groups && { targets: groups, result };
      },
    };
    this.#checks.push(check);
    return check;
  }

  #answer(write: Write, result: WriteResult): void {
    this.#answered.set(write, result);
    const guard = this.#guardOf.get(write);
    if (guard) this.#answered.set(guard, "ok");
  }
}

function ignore(): void {}

/**
 * The executions that writes touch. Locking them all first, in one order, is what keeps two
 * commits from each holding a row the other waits for.
 */
export function executionsWritten(writes: readonly Write[]): string[] {
  const ids = new Set<string>();
  const visit = (write: Write): void => {
    const id = executionOf(write);
    if (id !== undefined) ids.add(id);
  };
  writes.forEach(visit);
  return [...ids];
}

/** Whether a write may make work claimable by another node, which `NOTIFY` then wakes. */
export function wakesOthers(write: Write): boolean {
  switch (write.type) {
    case "createExecution":
    case "appendInbox":
    case "releaseWorkflowTask":
    case "retryActivity":
    case "setTimer":
    case "moveTimer":
    case "createDeliveries":
    case "receiveEvent":
    case "retryDelivery":
    case "redriveDelivery":
      return true;
    case "settleActivity":
      return true;
    case "scheduleActivity":
      // A task scheduled with a claim runs where it was scheduled.
      return write.claim === undefined;
    case "appendHistory":
    case "setHold":
      // Releasing a hold frees an inbox that may have been waiting for it.
      return write.held === null;
    default:
      return false;
  }
}
