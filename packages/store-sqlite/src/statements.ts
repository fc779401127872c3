import type Database from "better-sqlite3";
import type { Db } from "./database.js";

/** A prepared statement; an interface of our own so that declarations can name it. */
export interface Statement extends Database.Statement<unknown[]> {}

/**
 * The key of the execution whose id the placeholder `id` binds, as a scalar subquery: history
 * and activities are keyed by it (see migrations/0007_execution_keys.sql). The statements of a
 * workflow step take the key itself, which the store remembers (see `ExecutionKeys`).
 */
const keyOf = (id: string) => `(SELECT key FROM eventual_executions WHERE id = ${id})`;

/** The most history events one `insertHistory` statement takes. */
export const historyRowsPerInsert = 16;

/** Every statement the store runs, prepared once per connection. */
export function prepareStatements(db: Db) {
  const s = (sql: string): Statement => db.prepare(sql);
  const listExecutions = (order: "ASC" | "DESC") =>
    s(`SELECT * FROM eventual_executions
       WHERE (@workflow IS NULL OR workflow_name = @workflow)
         AND (@status IS NULL OR status = @status)
         AND (@held IS NULL OR (held IS NOT NULL) = @held)
         AND (@after_time IS NULL OR (start_time, id) ${order === "ASC" ? ">" : "<"} (@after_time, @after_id))
       ORDER BY start_time ${order}, id ${order} LIMIT @limit`);
  // A step's events in one statement, as a run costs a result object and the statement's setup.
  // One statement per number of rows, up to `historyRowsPerInsert`, each made when first needed.
  const historyInserts: Statement[] = [];
  const insertHistory = (rows: number): Statement =>
    (historyInserts[rows - 1] ??= s(`INSERT INTO eventual_history (execution_key, position, event)
      VALUES ${Array(rows).fill("(?, ?, ?)").join(", ")}`));
  const listAscending = listExecutions("ASC");
  const listDescending = listExecutions("DESC");

  return {
    // executions
    // The statements of a step take their values by position: better-sqlite3 looks each named
    // one up on the object passed, through V8's slow path, and checks the object's prototype.
    insertExecution: s(`INSERT OR IGNORE INTO eventual_executions
      (id, name, workflow_name, status, input, start_time, parent_id, parent_seq, version)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
    getExecution: s("SELECT * FROM eventual_executions WHERE id = ?"),
    executionKey: s("SELECT key FROM eventual_executions WHERE id = ?").pluck(),
    // The guards answer one value each (`pluck`): a row object per guard costs more to build
    // than the lookup behind it, and every step's commit checks two or three.
    executionStatus: s("SELECT status FROM eventual_executions WHERE id = ?").pluck(),
    // Whether a task's guard holds, in one value: the history length and status match, and the
    // lease is the owner's or, for a step taken without a claim, free with no inbox waiting.
    // Values: the history length, the owner or the time, the key.
    claimedTaskHolds: s(`SELECT history_length = ? AND status = 'IN_PROGRESS' AND lease_owner IS ?
      FROM eventual_executions WHERE key = ?`).pluck(),
    freeTaskHolds: s(`SELECT history_length = ? AND status = 'IN_PROGRESS'
        AND (lease_until IS NULL OR lease_until <= ?)
        AND NOT EXISTS (SELECT 1 FROM eventual_inbox i WHERE i.execution_id = e.id)
      FROM eventual_executions e WHERE key = ?`).pluck(),
    // Two statements, not one with the end's columns optional: naming `status` in an UPDATE
    // rewrites its index entry even when the value stays, a page more in every step's commit.
    // Values: the history length, whether to set `held`, `held`, (the end's status, result,
    // error and time,) the key.
    advanceTask: s(`UPDATE eventual_executions SET
        history_length = ?, lease_owner = NULL, lease_until = NULL,
        held = CASE WHEN ? THEN ? ELSE held END
      WHERE key = ?`),
    endTask: s(`UPDATE eventual_executions SET
        history_length = ?, lease_owner = NULL, lease_until = NULL,
        held = CASE WHEN ? THEN ? ELSE held END,
        status = ?, result = ?, error = ?, end_time = ?
      WHERE key = ?`),
    releaseTask: s(`UPDATE eventual_executions SET lease_owner = NULL, lease_until = NULL
      WHERE id = ? AND lease_owner = ?`),
    setHold: s(`UPDATE eventual_executions SET held = @held
      WHERE id = @id AND held IS NOT NULL AND status = 'IN_PROGRESS'
        AND (@history_length IS NULL OR history_length = @history_length)`),
    // CROSS JOIN fixes the order: from the waiting inboxes, each execution by its key. Left to
    // choose, SQLite read every running execution through the status index for each claim.
    claimableExecutions: s(`SELECT e.* FROM
        (SELECT execution_id, MIN(id) AS first FROM eventual_inbox GROUP BY execution_id) ready
        CROSS JOIN eventual_executions e ON e.id = ready.execution_id
      WHERE e.status = 'IN_PROGRESS' AND e.held IS NULL
        AND (e.lease_until IS NULL OR e.lease_until <= ?)
      ORDER BY ready.first LIMIT ?`),
    leaseExecution: s(
      "UPDATE eventual_executions SET lease_owner = ?, lease_until = ? WHERE id = ?",
    ),
    listExecutions: (descending: boolean) => (descending ? listDescending : listAscending),

    // history and inbox
    insertHistory,
    historyOf: s(
      `SELECT event FROM eventual_history WHERE execution_key = ${keyOf("?")} ORDER BY position`,
    ),
    insertInbox: s("INSERT INTO eventual_inbox (execution_id, event) VALUES (?, ?)"),
    insertInboxKey: s(
      "INSERT OR IGNORE INTO eventual_inbox_keys (execution_id, key) VALUES (?, ?)",
    ),
    inboxOf: s("SELECT id, event FROM eventual_inbox WHERE execution_id = ? ORDER BY id"),
    deleteInboxEntry: s("DELETE FROM eventual_inbox WHERE id = ? AND execution_id = ?"),
    deleteInbox: s("DELETE FROM eventual_inbox WHERE execution_id = ?"),
    deleteInboxKeys: s("DELETE FROM eventual_inbox_keys WHERE execution_id = ?"),

    // activities
    // Inserts nothing when the task exists or its execution is not running: one statement for
    // the step's usual case, the reason looked up only when nothing was inserted.
    insertActivity: s(`INSERT INTO eventual_activities
      (execution_key, seq, execution_id, name, args, workflow_name, policy, attempt,
       scheduled_time, available_at, lease_owner, lease_until)
      SELECT key, ?, id, ?, ?, ?, ?, ?, ?, ?, ?, ?
      FROM eventual_executions WHERE key = ? AND status = 'IN_PROGRESS'
      ON CONFLICT DO NOTHING`),
    activityExists: s(
      "SELECT 1 FROM eventual_activities WHERE execution_key = ? AND seq = ?",
    ).pluck(),
    claimableActivities: s(`SELECT * FROM eventual_activities
      WHERE waiting = 0 AND available_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
      ORDER BY available_at LIMIT ?`),
    leaseActivity:
      s(`UPDATE eventual_activities SET attempt = attempt + 1, lease_owner = ?, lease_until = ?
      WHERE execution_key = ${keyOf("?")} AND seq = ?`),
    retryActivity: s(`UPDATE eventual_activities
      SET available_at = ?, waiting = 0, lease_owner = NULL, lease_until = NULL
      WHERE execution_key = ${keyOf("?")} AND seq = ?`),
    awaitActivity:
      s(`UPDATE eventual_activities SET waiting = 1, lease_owner = NULL, lease_until = NULL
      WHERE execution_key = ${keyOf("?")} AND seq = ?`),
    renewActivityLease: s(`UPDATE eventual_activities SET lease_until = ?
      WHERE execution_key = ${keyOf("?")} AND seq = ? AND lease_owner = ?`),
    deleteActivity: s("DELETE FROM eventual_activities WHERE execution_key = ? AND seq = ?"),
    deleteActivities: s("DELETE FROM eventual_activities WHERE execution_key = ?"),

    // timers
    upsertTimer: s(`INSERT OR REPLACE INTO eventual_timers
        (id, execution_id, due_time, event, key, activity_seq, retry_after_ms)
      VALUES (@id, @execution_id, @due_time, @event, @key, @activity_seq, @retry_after_ms)`),
    dueTimers: s("SELECT * FROM eventual_timers WHERE due_time <= ? ORDER BY due_time LIMIT ?"),
    deleteTimer: s("DELETE FROM eventual_timers WHERE id = ?"),
    timerExists: s("SELECT 1 FROM eventual_timers WHERE id = ?").pluck(),
    moveTimer: s("UPDATE eventual_timers SET due_time = ? WHERE id = ?"),
    deleteTimers: s("DELETE FROM eventual_timers WHERE execution_id = ?"),
    deleteActivityTimers: s(
      "DELETE FROM eventual_timers WHERE execution_id = ? AND activity_seq = ?",
    ),

    // deliveries
    insertDelivery: s(`INSERT OR IGNORE INTO eventual_deliveries
      (id, subscription, event_name, event, attempt, available_at, published_at, last_error, last_stack, dead, execution_id)
      VALUES (@id, @subscription, @event_name, @event, @attempt, @available_at, @published_at, @last_error, @last_stack, @dead, @execution_id)`),
    claimableDeliveries: s(`SELECT * FROM eventual_deliveries
      WHERE dead = 0 AND available_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
      ORDER BY available_at LIMIT ?`),
    leaseDelivery:
      s(`UPDATE eventual_deliveries SET attempt = attempt + 1, lease_owner = ?, lease_until = ?
      WHERE id = ?`),
    renewDeliveryLease: s(
      "UPDATE eventual_deliveries SET lease_until = ? WHERE id = ? AND lease_owner = ?",
    ),
    deleteDelivery: s("DELETE FROM eventual_deliveries WHERE id = ?"),
    retryDelivery: s(`UPDATE eventual_deliveries
      SET available_at = ?, last_error = ?, last_stack = ?, lease_owner = NULL, lease_until = NULL
      WHERE id = ?`),
    deadLetterDelivery: s(`UPDATE eventual_deliveries
      SET dead = 1, last_error = ?, last_stack = ?, lease_owner = NULL, lease_until = NULL
      WHERE id = ?`),
    redriveDelivery: s(`UPDATE eventual_deliveries
      SET dead = 0, attempt = 0, available_at = ?, lease_owner = NULL, lease_until = NULL
      WHERE id = ? AND dead = 1`),
    deadLetters: s("SELECT * FROM eventual_deliveries WHERE dead = 1 ORDER BY available_at, id"),

    // events received from other services, once each
    forgetReceivedEvents: s("DELETE FROM eventual_received_events WHERE received_at < ?"),
    insertReceivedEvent: s(`INSERT INTO eventual_received_events (source, event_id, received_at)
      VALUES (?, ?, ?) ON CONFLICT (source, event_id) DO NOTHING`),

    // nodes: the engines taking work, each recording itself every few seconds
    upsertNode: s(`INSERT INTO eventual_nodes (id, host, pid, started_at, seen_at)
      VALUES (@id, @host, @pid, @started_at, @seen_at)
      ON CONFLICT (id) DO UPDATE SET host = excluded.host, pid = excluded.pid,
        started_at = excluded.started_at, seen_at = excluded.seen_at`),
    forgetNodes: s("DELETE FROM eventual_nodes WHERE seen_at < ?"),
    nodesSeenSince: s("SELECT * FROM eventual_nodes WHERE seen_at >= ? ORDER BY started_at, id"),
    deleteNode: s("DELETE FROM eventual_nodes WHERE id = ?"),

    // logs
    insertLog: s(`INSERT INTO eventual_logs (execution_id, source, time, level, message)
      VALUES (@execution_id, @source, @time, @level, @message)`),
    logs: s(`SELECT execution_id, source, time, level, message FROM eventual_logs
      WHERE (@execution_id IS NULL OR execution_id = @execution_id)
        AND (@since IS NULL OR time >= @since)
        AND (@workflow IS NULL OR execution_id IN
          (SELECT id FROM eventual_executions WHERE workflow_name = @workflow))
      ORDER BY id DESC LIMIT @limit`),

    // wake-ups: the earliest time at which anything becomes due
    nextWakeTime: s(`SELECT MIN(t) AS next FROM (
      SELECT MIN(due_time) AS t FROM eventual_timers
      UNION ALL SELECT MIN(COALESCE(lease_until, available_at)) FROM eventual_activities WHERE waiting = 0
      UNION ALL SELECT MIN(COALESCE(lease_until, available_at)) FROM eventual_deliveries WHERE dead = 0
      UNION ALL SELECT MIN(COALESCE(e.lease_until, 0)) FROM eventual_executions e
        WHERE e.id IN (SELECT execution_id FROM eventual_inbox)
          AND (e.lease_until IS NOT NULL OR e.held IS NULL))`),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;
