import type {
  ActivityTask,
  Claim,
  CrashPoint,
  DeliveryRecord,
  ExecutionQuery,
  ExecutionRecord,
  GuardWrite,
  HistoryEvent,
  InboxEntry,
  InputEvent,
  LogFilter,
  LogRecord,
  NodeRecord,
  Refusal,
  Store,
  TimerRecord,
  WorkflowTask,
  Write,
  WriteGroup,
  WriteResult,
} from "@eventual/engine";
import {
  applyGroup,
  completionKey,
  executionPage,
  firingWrite,
  noCrashes,
  nodeRowRetentionMs,
  readExecutionToken,
} from "@eventual/engine";
import { toJson } from "@eventual/store-sql/rows";
import type { Db } from "./database.js";
import { openDatabase } from "./database.js";
import { ExecutionKeys } from "./execution-keys.js";
import { migrate } from "./migrate.js";
import type {
  ActivityRow,
  DeliveryRow,
  ExecutionRow,
  LogRow,
  NodeRow,
  SqlValue,
  TimerRow,
} from "./rows.js";
import {
  activityFromRow,
  activityValues,
  deliveryFromRow,
  deliveryParams,
  executionFromRow,
  executionValues,
  logFromRow,
  logParams,
  nodeFromRow,
  nodeParams,
  timerFromRow,
  timerParams,
} from "./rows.js";
import { historyRowsPerInsert, prepareStatements, type Statements } from "./statements.js";

type AppendHistory = Extract<Write, { type: "appendHistory" }>;
type RequireTask = Extract<Write, { type: "requireTask" }>;

/**
 * The embedded store: one SQLite file in WAL mode with `synchronous=FULL`. Every `commit` is one
 * transaction however many write groups it carries, which is what makes group commit pay: one
 * fsync for a whole batch of workflow tasks, activity completions and deliveries.
 *
 * better-sqlite3 is synchronous; the methods are async only to fit the `Store` interface.
 *
 * @example
 * const store = SqliteStore.open(".eventual/eventual.db");
 * const engine = new Engine({ store });
 */
export class SqliteStore implements Store {
  readonly #db: Db;
  readonly #sql: Statements;
  readonly #crashPoint: CrashPoint;
  readonly #keys: ExecutionKeys;
  /**
   * Runs its argument in one `BEGIN IMMEDIATE` transaction. Made once: better-sqlite3 builds four
   * wrappers and defines their properties for every `db.transaction`, a cost each commit paid.
   */
  readonly #immediate: <T>(work: () => T) => T;

  private constructor(db: Db, crashPoint: CrashPoint) {
    this.#db = db;
    this.#sql = prepareStatements(db);
    this.#crashPoint = crashPoint;
    const lookup = this.#sql.executionKey;
    this.#keys = new ExecutionKeys((id) => lookup.get(id) as number | undefined);
    const immediate = db.transaction((work: () => unknown) => work()).immediate;
    this.#immediate = immediate as <T>(work: () => T) => T;
  }

  /** Runs `work` in one transaction; if it rolls back, the keys it may have learned go too. */
  #transaction<T>(work: () => T): T {
    try {
      return this.#immediate(work);
    } catch (error) {
      this.#keys.forgetAll();
      throw error;
    }
  }

  /**
   * Opens (creating if needed) the database at `path` and applies pending migrations.
   *
   * One process at a time serves a SQLite file: this one takes an exclusive lock on it, so every
   * lease already in the file belongs to a process that is gone (a crash, a kill), and is freed
   * here so its work runs again at once rather than when the lease would have expired. Opening
   * waits up to `busyTimeoutMs` (default 5 s) for another process to let go of the file.
   * `crashPoint` is for tests that stop the store on its commit path (see `CrashPoint`).
   */
  static open(
    path: string,
    options: { busyTimeoutMs?: number; crashPoint?: CrashPoint } = {},
  ): SqliteStore {
    const crashPoint = options.crashPoint ?? noCrashes;
    let db: Db | undefined;
    try {
      db = openDatabase(path, { exclusive: true, busyTimeoutMs: options.busyTimeoutMs });
      migrate(db, undefined, crashPoint);
      freeLeases(db);
      return new SqliteStore(db, crashPoint);
    } catch (error) {
      db?.close();
      if ((error as { code?: string }).code === "SQLITE_BUSY") {
        // The cause keeps SQLite's code, for a host to tell this failure from others.
        throw new Error(`${path} is in use by another process; one process at a time serves it.`, {
          cause: error,
        });
      }
      throw error;
    }
  }

  async commit(groups: WriteGroup[]): Promise<WriteResult[][]> {
    this.#crashPoint("commit.begin");
    const results = this.#transaction((): WriteResult[][] =>
      groups.map((group) =>
        applyGroup(
          group,
          (write) => this.#refusal(write),
          (write) => {
            const result = this.#apply(write);
            // Named only when a test listens: a string per write is not free on the hot path.
            if (this.#crashPoint !== noCrashes) this.#crashPoint(`commit.after.${write.type}`);
            return result;
          },
        ),
      ),
    );
    this.#crashPoint("commit.end");
    return results;
  }

  #refusal(write: Write): Refusal | undefined {
    const sql = this.#sql;
    switch (write.type) {
      case "requireNewExecution":
        return sql.executionStatus.get(write.executionId) === undefined ? undefined : "exists";
      case "requireTask":
        return this.#taskHolds(write) ? undefined : "conflict";
      case "requireActivity":
        return this.#activityExists(write.executionId, write.seq) ? undefined : "conflict";
      case "requireTimer":
        return sql.timerExists.get(write.id) ? undefined : "conflict";
      default:
        return undefined;
    }
  }

  #taskHolds({ executionId, historyLength, lease }: RequireTask): boolean {
    const key = this.#keys.of(executionId);
    const held =
      "owner" in lease
        ? this.#sql.claimedTaskHolds.get(historyLength, lease.owner, key)
        : this.#sql.freeTaskHolds.get(historyLength, lease.freeAt, key);
    return held === 1;
  }

  #apply(write: Exclude<Write, GuardWrite>): WriteResult {
    const sql = this.#sql;
    switch (write.type) {
      case "createExecution": {
        const inserted = sql.insertExecution.run(...executionValues(write.execution));
        if (inserted.changes === 0) return "exists";
        this.#appendInbox(write.execution.id, write.started);
        for (const timer of write.timers ?? []) sql.upsertTimer.run(timerParams(timer));
        return "created";
      }
      case "appendInbox":
        return this.#appendInbox(write.executionId, write.event, write.key);
      case "appendHistory":
        this.#appendHistory(write);
        return "ok";
      case "releaseWorkflowTask":
        return changed(sql.releaseTask.run(write.executionId, write.owner));
      case "setHold":
        return changed(
          sql.setHold.run({
            id: write.executionId,
            held: toJson(write.held ?? undefined),
            history_length: write.historyLength ?? null,
          }),
        );
      case "scheduleActivity": {
        const { task } = write;
        const inserted = sql.insertActivity.run(
          ...activityValues(write, this.#keys.of(task.executionId)),
        );
        if (inserted.changes === 0) {
          if (this.#activityExists(task.executionId, task.seq)) return "duplicate";
          return this.#running(task.executionId);
        }
        for (const timer of write.timers ?? []) sql.upsertTimer.run(timerParams(timer));
        return "ok";
      }
      case "startExecution":
        return this.#startExecution(write);
      case "moveTimer":
        return changed(sql.moveTimer.run(write.dueTime, write.id));
      case "settleActivity":
        return this.#settleActivity(write.executionId, write.seq, write.event);
      case "removeActivity":
        return this.#removeActivity(write.executionId, write.seq) ? "ok" : "stale";
      case "retryActivity":
        return this.#retryActivity(write, write.availableAt);
      case "awaitActivity":
        return changed(sql.awaitActivity.run(write.executionId, write.seq));
      case "heartbeatActivity": {
        if (!this.#activityExists(write.executionId, write.seq)) return "stale";
        if (write.timer) sql.upsertTimer.run(timerParams(write.timer));
        return "ok";
      }
      case "setTimer": {
        const running = this.#running(write.timer.executionId);
        if (running === "ok") sql.upsertTimer.run(timerParams(write.timer));
        return running;
      }
      case "deleteTimer":
        sql.deleteTimer.run(write.id);
        return "ok";
      case "createDeliveries":
        for (const delivery of write.deliveries) sql.insertDelivery.run(deliveryParams(delivery));
        return "ok";
      case "receiveEvent": {
        const received = sql.insertReceivedEvent.run(write.source, write.eventId, write.receivedAt);
        if (received.changes === 0) return "duplicate";
        for (const delivery of write.deliveries) sql.insertDelivery.run(deliveryParams(delivery));
        return "ok";
      }
      case "forgetReceivedEvents":
        sql.forgetReceivedEvents.run(write.before);
        return "ok";
      case "completeDelivery":
        return changed(sql.deleteDelivery.run(write.id));
      case "retryDelivery":
        return changed(
          sql.retryDelivery.run(
            write.availableAt,
            toJson(write.error),
            write.stack ?? null,
            write.id,
          ),
        );
      case "deadLetterDelivery":
        return changed(
          sql.deadLetterDelivery.run(toJson(write.error), write.stack ?? null, write.id),
        );
      case "redriveDelivery":
        return changed(sql.redriveDelivery.run(write.availableAt, write.id));
      case "renewLeases":
        for (const { executionId, seq } of write.activities) {
          sql.renewActivityLease.run(write.until, executionId, seq, write.owner);
        }
        for (const id of write.deliveries) sql.renewDeliveryLease.run(write.until, id, write.owner);
        return "ok";
      case "appendLogs":
        for (const log of write.logs) sql.insertLog.run(logParams(log));
        return "ok";
    }
  }

  /** `ok` for a running execution; otherwise why nothing may be written for it. */
  #running(executionId: string): "ok" | "ended" | "not_found" {
    const status = this.#sql.executionStatus.get(executionId) as string | undefined;
    if (status === undefined) return "not_found";
    return status === "IN_PROGRESS" ? "ok" : "ended";
  }

  #appendInbox(executionId: string, event: InputEvent, key?: string): WriteResult {
    const running = this.#running(executionId);
    if (running !== "ok") return running;
    if (key !== undefined && this.#sql.insertInboxKey.run(executionId, key).changes === 0) {
      return "duplicate";
    }
    this.#sql.insertInbox.run(executionId, JSON.stringify(event));
    return "ok";
  }

  #appendHistory(write: AppendHistory): void {
    const sql = this.#sql;
    const key = this.#keys.of(write.executionId);
    this.#insertHistory(key, write.historyLength, write.history);
    const position = write.historyLength + write.history.length;
    for (const id of write.consumed) sql.deleteInboxEntry.run(id, write.executionId);
    this.#finishTask(write.executionId, key, position, write);
    if (write.ended) {
      // An ended execution needs no more tasks, timers or inbox.
      sql.deleteInbox.run(write.executionId);
      sql.deleteInboxKeys.run(write.executionId);
      sql.deleteActivities.run(key);
      sql.deleteTimers.run(write.executionId);
    }
  }

  /** Appends `events` to the history of the execution `key` from `position` on. */
  #insertHistory(key: number | null, position: number, events: readonly HistoryEvent[]): void {
    for (let from = 0; from < events.length; from += historyRowsPerInsert) {
      const rows = Math.min(historyRowsPerInsert, events.length - from);
      const values: SqlValue[] = [];
      for (let i = from; i < from + rows; i++) {
        values.push(key, position + i, JSON.stringify(events[i]));
      }
      this.#sql.insertHistory(rows).run(...values);
    }
  }

  /** Records the task's new history length and frees its lease; with `ended`, the end too. */
  #finishTask(
    id: string,
    key: number | null,
    historyLength: number,
    { held, ended }: Pick<AppendHistory, "held" | "ended">,
  ): void {
    const setHeld = held === undefined ? 0 : 1;
    const heldJson = toJson(held ?? undefined);
    if (!ended) {
      this.#sql.advanceTask.run(historyLength, setHeld, heldJson, key);
      return;
    }
    this.#keys.forget(id);
    const { status, result, error, endTime } = ended;
    this.#sql.endTask.run(
      historyLength,
      setHeld,
      heldJson,
      status,
      toJson(result),
      toJson(error),
      endTime,
      key,
    );
  }

  /** Retries the task; if it was there, appends the failed attempt's record, if any. */
  #retryActivity(
    retry: { executionId: string; seq: number; event?: InputEvent; key?: string },
    availableAt: number,
  ): WriteResult {
    const retried = changed(this.#sql.retryActivity.run(availableAt, retry.executionId, retry.seq));
    if (retried === "ok" && retry.event) {
      this.#appendInbox(retry.executionId, retry.event, retry.key);
    }
    return retried;
  }

  #settleActivity(executionId: string, seq: number, event: InputEvent): WriteResult {
    if (!this.#removeActivity(executionId, seq)) return "stale";
    const appended = this.#appendInbox(executionId, event, completionKey(seq));
    return appended === "duplicate" ? "stale" : "ok";
  }

  #activityExists(executionId: string, seq: number): boolean {
    return this.#sql.activityExists.get(this.#keys.of(executionId), seq) !== undefined;
  }

  /** Removes the task and the timers that carry its `seq`; false if it was gone. */
  #removeActivity(executionId: string, seq: number): boolean {
    const key = this.#keys.of(executionId);
    if (this.#sql.deleteActivity.run(key, seq).changes === 0) return false;
    this.#sql.deleteActivityTimers.run(executionId, seq);
    return true;
  }

  #startExecution(write: Extract<Write, { type: "startExecution" }>): WriteResult {
    const sql = this.#sql;
    const { execution } = write;
    const inserted = sql.insertExecution.run(...executionValues(execution));
    // The guard before it has made sure the id is new, so the row inserted is the execution's.
    const key = Number(inserted.lastInsertRowid);
    this.#keys.remember(execution.id, key);
    this.#insertHistory(key, 0, write.history);
    this.#finishTask(execution.id, key, write.history.length, write);
    for (const timer of write.timers ?? []) sql.upsertTimer.run(timerParams(timer));
    return "created";
  }

  async claimWorkflowTasks(claim: Claim): Promise<WorkflowTask[]> {
    return this.#transaction(() => {
      const rows = this.#sql.claimableExecutions.all(claim.now, claim.limit) as ExecutionRow[];
      return rows.map((row) => {
        this.#sql.leaseExecution.run(claim.owner, claim.now + claim.leaseMs, row.id);
        const inbox = (this.#sql.inboxOf.all(row.id) as { id: number; event: string }[]).map(
          (entry): InboxEntry => ({ id: entry.id, event: JSON.parse(entry.event) }),
        );
        return { execution: executionFromRow(row), inbox };
      });
    });
  }

  async claimActivityTasks(claim: Claim): Promise<ActivityTask[]> {
    return this.#transaction(() => {
      const rows = this.#sql.claimableActivities.all(
        claim.now,
        claim.now,
        claim.limit,
      ) as ActivityRow[];
      return rows.map((row) => {
        this.#sql.leaseActivity.run(
          claim.owner,
          claim.now + claim.leaseMs,
          row.execution_id,
          row.seq,
        );
        return activityFromRow({ ...row, attempt: row.attempt + 1 });
      });
    });
  }

  async fireDueTimers(now: number, limit: number): Promise<number> {
    return this.#transaction(() => {
      const timers = (this.#sql.dueTimers.all(now, limit) as TimerRow[]).map(timerFromRow);
      for (const timer of timers) this.#fire(timer, now);
      return timers.length;
    });
  }

  #fire(timer: TimerRecord, now: number): void {
    this.#sql.deleteTimer.run(timer.id);
    this.#apply(firingWrite(timer, now));
  }

  async claimDeliveries(claim: Claim): Promise<DeliveryRecord[]> {
    return this.#transaction(() => {
      const rows = this.#sql.claimableDeliveries.all(
        claim.now,
        claim.now,
        claim.limit,
      ) as DeliveryRow[];
      return rows.map((row) => {
        this.#sql.leaseDelivery.run(claim.owner, claim.now + claim.leaseMs, row.id);
        return deliveryFromRow({ ...row, attempt: row.attempt + 1 });
      });
    });
  }

  async nextWakeTime(): Promise<number | undefined> {
    const row = this.#sql.nextWakeTime.get() as { next: number | null };
    return row.next ?? undefined;
  }

  async getExecution(executionId: string): Promise<ExecutionRecord | undefined> {
    const row = this.#sql.getExecution.get(executionId) as ExecutionRow | undefined;
    return row && executionFromRow(row);
  }

  async listExecutions(query: ExecutionQuery) {
    const limit = query.limit ?? 100;
    const cursor = readExecutionToken(query.nextToken);
    const rows = this.#sql.listExecutions(query.order === "desc").all({
      workflow: query.workflow ?? null,
      status: query.status ?? null,
      held: query.held === undefined ? null : Number(query.held),
      after_time: cursor?.startTime ?? null,
      after_id: cursor?.id ?? null,
      limit: limit + 1,
    }) as ExecutionRow[];
    return executionPage(rows.map(executionFromRow), limit);
  }

  async getHistory(executionId: string): Promise<HistoryEvent[]> {
    const rows = this.#sql.historyOf.all(executionId) as { event: string }[];
    return rows.map((row) => JSON.parse(row.event));
  }

  async getLogs(query: LogFilter): Promise<LogRecord[]> {
    const rows = this.#sql.logs.all({
      execution_id: query.executionId ?? null,
      workflow: query.workflow ?? null,
      since: query.since ?? null,
      limit: query.limit ?? -1,
    }) as LogRow[];
    return rows.reverse().map(logFromRow);
  }

  async listDeadLetters(): Promise<DeliveryRecord[]> {
    return (this.#sql.deadLetters.all() as DeliveryRow[]).map(deliveryFromRow);
  }

  async recordNode(node: NodeRecord): Promise<void> {
    this.#transaction(() => {
      this.#sql.upsertNode.run(nodeParams(node));
      this.#sql.forgetNodes.run(node.seenAt - nodeRowRetentionMs);
    });
  }

  async listNodes(seenSince: number): Promise<NodeRecord[]> {
    return (this.#sql.nodesSeenSince.all(seenSince) as NodeRow[]).map(nodeFromRow);
  }

  async removeNode(id: string): Promise<void> {
    this.#sql.deleteNode.run(id);
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
  }
}

function changed(result: { changes: number }): WriteResult {
  return result.changes > 0 ? "ok" : "stale";
}

/** Frees every lease in the file: called when this process has just taken it over. */
function freeLeases(db: Db): void {
  db.transaction(() => {
    for (const table of ["eventual_executions", "eventual_activities", "eventual_deliveries"]) {
      db.exec(
        `UPDATE ${table} SET lease_owner = NULL, lease_until = NULL WHERE lease_owner IS NOT NULL`,
      );
    }
  })();
}
