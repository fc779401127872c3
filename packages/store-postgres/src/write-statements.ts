/**
 * The statements a commit sends. Each write is one statement that checks what it needs and
 * reports what it did, so that a commit can send them all without waiting for any answer.
 */
import { statement } from "./statement.js";

/**
 * Upserts the timers given as seven arrays from `$first` on (see `timerColumns`), those for
 * which `when` holds; it may name a timer's columns as `timer.<column>`.
 */
export const upsertTimers = (first: number, when: string) => {
  const [id, execution, due, event, key, seq, retry] = [0, 1, 2, 3, 4, 5, 6].map(
    (i) => `$${first + i}`,
  );
  return `INSERT INTO eventual_timers
      (id, execution_id, due_time, event, key, activity_seq, retry_after_ms)
    SELECT * FROM unnest(${id}::text[], ${execution}::text[], ${due}::bigint[], ${event}::text[],
      ${key}::text[], ${seq}::int[], ${retry}::bigint[])
      AS timer(id, execution_id, due_time, event, key, activity_seq, retry_after_ms)
    WHERE ${when}
    ON CONFLICT (id) DO UPDATE SET execution_id = excluded.execution_id,
      due_time = excluded.due_time, event = excluded.event, key = excluded.key,
      activity_seq = excluded.activity_seq, retry_after_ms = excluded.retry_after_ms`;
};

/** Locks the executions a commit writes to, in id order: commits touching one execution queue. */
export const lockExecutions = statement(
  "lock_executions",
  `SELECT id FROM eventual_executions
   WHERE id = ANY($1::text[]) ORDER BY id FOR NO KEY UPDATE`,
);

/**
 * SQLSTATEs of `eventual_require` and `eventual_refuse`: a group's guard failed; a started
 * execution exists.
 */
export const refusal = { conflict: "EV001", exists: "EV002" } as const;

export const moveTimer = statement(
  "move_timer",
  "UPDATE eventual_timers SET due_time = $2::bigint WHERE id = $1::text",
);

export const createExecution = statement(
  "create_execution",
  `WITH created AS (
      INSERT INTO eventual_executions
        (id, name, workflow_name, status, input, start_time, parent_id, parent_seq)
      VALUES ($1::text, $2::text, $3::text, $4::text, $5::text, $6::text, $7::text, $8::int)
      ON CONFLICT (id) DO NOTHING RETURNING id
    ), started AS (
      INSERT INTO eventual_inbox (execution_id, event) SELECT id, $9::text FROM created
    ), timers AS (${upsertTimers(10, "EXISTS (SELECT 1 FROM created)")})
    SELECT EXISTS (SELECT 1 FROM created) AS created`,
);

export const releaseWorkflowTask = statement(
  "release_workflow_task",
  `UPDATE eventual_executions SET lease_owner = NULL, lease_until = NULL
   WHERE id = $1::text AND lease_owner = $2::text`,
);

export const releaseHolds = statement(
  "release_holds",
  "UPDATE eventual_executions SET held = NULL WHERE held IS NOT NULL",
);

export const appendInbox = statement(
  "append_inbox",
  `WITH target AS (
      SELECT status FROM eventual_executions WHERE id = $1::text
    ), keyed AS (
      INSERT INTO eventual_inbox_keys (execution_id, key)
      SELECT $1::text, $3::text FROM target WHERE status = 'IN_PROGRESS' AND $3::text IS NOT NULL
      ON CONFLICT DO NOTHING RETURNING key
    ), appended AS (
      INSERT INTO eventual_inbox (execution_id, event)
      SELECT $1::text, $2::text FROM target
      WHERE status = 'IN_PROGRESS' AND ($3::text IS NULL OR EXISTS (SELECT 1 FROM keyed))
      RETURNING id
    )
    SELECT (SELECT status FROM target) AS status, EXISTS (SELECT 1 FROM appended) AS appended`,
);

/**
 * Appends entries given as arrays (execution_id, event, key) in order, each to a running
 * execution and only under a key not yet used. The keys must differ within one call.
 */
export const appendInboxBatch = statement(
  "append_inbox_batch",
  `WITH entry AS (
      SELECT t.execution_id, t.event, t.key, t.ord
      FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS t(execution_id, event, key, ord)
      JOIN eventual_executions e ON e.id = t.execution_id AND e.status = 'IN_PROGRESS'
    ), keyed AS (
      INSERT INTO eventual_inbox_keys (execution_id, key)
      SELECT execution_id, key FROM entry WHERE key IS NOT NULL
      ON CONFLICT DO NOTHING RETURNING execution_id, key
    )
    INSERT INTO eventual_inbox (execution_id, event)
    SELECT execution_id, event FROM entry
    WHERE key IS NULL OR (execution_id, key) IN (SELECT execution_id, key FROM keyed)
    ORDER BY ord`,
);

/** Removes the task and its timers and appends its completion under `$4`, its completion key. */
export const settleActivity = statement(
  "settle_activity",
  `WITH settled AS (
      DELETE FROM eventual_activities WHERE execution_id = $1::text AND seq = $2::int RETURNING 1
    ), timers AS (
      DELETE FROM eventual_timers
      WHERE execution_id = $1::text AND activity_seq = $2::int AND EXISTS (SELECT 1 FROM settled)
    ), keyed AS (
      INSERT INTO eventual_inbox_keys (execution_id, key)
      SELECT id, $4::text FROM eventual_executions
      WHERE id = $1::text AND status = 'IN_PROGRESS' AND EXISTS (SELECT 1 FROM settled)
      ON CONFLICT DO NOTHING RETURNING execution_id
    ), appended AS (
      INSERT INTO eventual_inbox (execution_id, event) SELECT execution_id, $3::text FROM keyed
      RETURNING id
    )
    SELECT EXISTS (SELECT 1 FROM appended) AS appended`,
);

/**
 * Releases the task, claimable at `$3`; if it was there and `$4` is given, appends `$4`, the
 * failed attempt's record, to the running execution's inbox under the key `$5`, unless used.
 */
export const retryActivity = statement(
  "retry_activity",
  `WITH retried AS (
      UPDATE eventual_activities
      SET available_at = $3::bigint, waiting = FALSE, lease_owner = NULL, lease_until = NULL
      WHERE execution_id = $1::text AND seq = $2::int
      RETURNING execution_id
    ), target AS (
      SELECT id FROM eventual_executions
      WHERE id = $1::text AND status = 'IN_PROGRESS' AND $4::text IS NOT NULL
        AND EXISTS (SELECT 1 FROM retried)
    ), keyed AS (
      INSERT INTO eventual_inbox_keys (execution_id, key)
      SELECT id, $5::text FROM target WHERE $5::text IS NOT NULL
      ON CONFLICT DO NOTHING RETURNING key
    ), appended AS (
      INSERT INTO eventual_inbox (execution_id, event)
      SELECT id, $4::text FROM target WHERE $5::text IS NULL OR EXISTS (SELECT 1 FROM keyed)
    )
    SELECT EXISTS (SELECT 1 FROM retried) AS retried`,
);

export const awaitActivity = statement(
  "await_activity",
  `UPDATE eventual_activities SET waiting = TRUE, lease_owner = NULL, lease_until = NULL
   WHERE execution_id = $1::text AND seq = $2::int`,
);

export const heartbeatActivity = statement(
  "heartbeat_activity",
  `WITH task AS (
      SELECT 1 FROM eventual_activities WHERE execution_id = $1::text AND seq = $2::int
    ), timers AS (${upsertTimers(3, "EXISTS (SELECT 1 FROM task)")})
    SELECT EXISTS (SELECT 1 FROM task) AS found`,
);

/**
 * Extends the leases `$1` holds. A row another transaction has locked is skipped rather than
 * waited for: it is being settled, retried or claimed, and the next renewal comes soon.
 */
export const renewLeases = statement(
  "renew_leases",
  `WITH activities AS (
      UPDATE eventual_activities a SET lease_until = $2::bigint
      FROM (SELECT held.execution_id, held.seq FROM eventual_activities held
            JOIN unnest($3::text[], $4::int[]) AS r(execution_id, seq)
              ON held.execution_id = r.execution_id AND held.seq = r.seq
            WHERE held.lease_owner = $1::text FOR NO KEY UPDATE OF held SKIP LOCKED) mine
      WHERE a.execution_id = mine.execution_id AND a.seq = mine.seq
    ), deliveries AS (
      UPDATE eventual_deliveries d SET lease_until = $2::bigint
      WHERE d.id IN (SELECT id FROM eventual_deliveries
                     WHERE id = ANY($5::text[]) AND lease_owner = $1::text
                     FOR NO KEY UPDATE SKIP LOCKED)
    )
    SELECT 1`,
);

export const setTimer = statement(
  "set_timer",
  `WITH target AS (
      SELECT status FROM eventual_executions WHERE id = $1::text
    ), timers AS (${upsertTimers(2, "(SELECT status FROM target) = 'IN_PROGRESS'")})
    SELECT (SELECT status FROM target) AS status`,
);

export const deleteTimers = statement(
  "delete_timers",
  "DELETE FROM eventual_timers WHERE id = ANY($1::text[])",
);

export const createDeliveries = statement(
  "create_deliveries",
  `INSERT INTO eventual_deliveries (id, subscription, event_name, event, attempt, available_at,
     published_at, last_error, dead, execution_id)
   SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::bigint[],
     $7::bigint[], $8::text[], $9::boolean[], $10::text[])
   ON CONFLICT (id) DO NOTHING`,
);

export const completeDelivery = statement(
  "complete_delivery",
  "DELETE FROM eventual_deliveries WHERE id = $1::text",
);

export const retryDelivery = statement(
  "retry_delivery",
  `UPDATE eventual_deliveries
   SET available_at = $2::bigint, last_error = $3::text, lease_owner = NULL, lease_until = NULL
   WHERE id = $1::text`,
);

export const deadLetterDelivery = statement(
  "dead_letter_delivery",
  `UPDATE eventual_deliveries
   SET dead = TRUE, last_error = $2::text, lease_owner = NULL, lease_until = NULL
   WHERE id = $1::text`,
);

export const redriveDelivery = statement(
  "redrive_delivery",
  `UPDATE eventual_deliveries
   SET dead = FALSE, attempt = 0, available_at = $2::bigint, lease_owner = NULL, lease_until = NULL
   WHERE id = $1::text`,
);

export const appendLogs = statement(
  "append_logs",
  `INSERT INTO eventual_logs (execution_id, source, time, level, message)
   SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[])`,
);
