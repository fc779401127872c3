/**
 * The statements that apply many writes of one kind at once (see `commit-plan.ts`). Each takes
 * one array per column; those that check their writes abort through `eventual_refuse`, naming
 * every write that failed by its 1-based position.
 */
import { statement } from "./statement.js";
import { refusal, upsertTimers } from "./write-statements.js";

/** Aborts with `code`, naming each id of `$1` that `written` (a CTE of `id`s) lacks. */
const refuseIdsNotIn = (written: string, code: string, message: string) =>
  `SELECT eventual_refuse(ARRAY(
     SELECT r.ord FROM unnest($1::text[]) WITH ORDINALITY AS r(id, ord)
     WHERE r.id NOT IN (SELECT id FROM ${written})
   ), '${code}', '${message}')`;

/** Aborts if an execution with an id of `$1` exists, naming those. */
export const requireNewExecutions = statement(
  "require_new_executions",
  `SELECT eventual_refuse(ARRAY(
     SELECT r.ord FROM unnest($1::text[]) WITH ORDINALITY AS r(id, ord)
     WHERE EXISTS (SELECT 1 FROM eventual_executions e WHERE e.id = r.id)
   ), '${refusal.exists}', 'an execution exists')`,
);

/**
 * Creates executions whose first task already ran (`$1`–`$12` per execution), with their history
 * rows (`$13`–`$15`) and timers (`$16`–`$22`); aborts if any id exists, naming those (another
 * node may have inserted it since `requireNewExecutions` looked).
 */
export const startExecutions = statement(
  "start_executions",
  `WITH created AS (
      INSERT INTO eventual_executions (id, name, workflow_name, status, input, start_time,
        parent_id, parent_seq, history_length, result, error, end_time)
      SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
        $7::text[], $8::int[], $9::int[], $10::text[], $11::text[], $12::text[])
      ON CONFLICT (id) DO NOTHING RETURNING id
    ), history AS (
      INSERT INTO eventual_history (execution_id, position, event)
      SELECT * FROM unnest($13::text[], $14::int[], $15::text[]) AS h(execution_id, position, event)
      WHERE h.execution_id IN (SELECT id FROM created)
    ), timers AS (${upsertTimers(16, "timer.execution_id IN (SELECT id FROM created)")})
    ${refuseIdsNotIn("created", refusal.exists, "an execution exists")}`,
);

/**
 * Aborts unless each task holds: execution `$1[i]` running at history length `$4[i]`, and either
 * leased to `$2[i]`, or (with `$2[i]` NULL, a task run without a claim) unleased at `$3[i]`
 * with an empty inbox. Each row is found by its key alone, so the plan is the primary key's.
 */
export const requireTasks = statement(
  "require_tasks",
  `SELECT eventual_refuse(ARRAY(
     SELECT t.ord FROM unnest($1::text[], $2::text[], $3::bigint[], $4::int[])
       WITH ORDINALITY AS t(id, owner, now, history_length, ord)
     WHERE NOT COALESCE((
       SELECT e.history_length = t.history_length AND e.status = 'IN_PROGRESS' AND CASE
         WHEN t.owner IS NULL THEN (e.lease_until IS NULL OR e.lease_until <= t.now)
           AND NOT EXISTS (SELECT 1 FROM eventual_inbox i WHERE i.execution_id = t.id)
         ELSE e.lease_owner = t.owner END
       FROM eventual_executions e WHERE e.id = t.id
     ), FALSE)
   ), '${refusal.conflict}', 'a workflow task lost its lease, or its history moved on, or its inbox is not empty')`,
);

/** Removes activity tasks (`$1[i]`, `$2[i]`) and their timers, as CTEs; `removed` names them. */
const removeActivitiesAndTimers = `WITH removed AS (
      DELETE FROM eventual_activities a USING unnest($1::text[], $2::int[]) AS s(execution_id, seq)
      WHERE a.execution_id = s.execution_id AND a.seq = s.seq
      RETURNING a.execution_id, a.seq
    ), timers AS (
      DELETE FROM eventual_timers t USING removed s
      WHERE t.execution_id = s.execution_id AND t.activity_seq = s.seq
    )`;

/** Aborts unless each activity task (`$1[i]`, `$2[i]`) exists: one that is gone was settled. */
export const requireActivities = statement(
  "require_activities",
  `SELECT eventual_refuse(ARRAY(
     SELECT r.ord FROM unnest($1::text[], $2::int[]) WITH ORDINALITY AS r(execution_id, seq, ord)
     WHERE NOT EXISTS (SELECT 1 FROM eventual_activities a
       WHERE a.execution_id = r.execution_id AND a.seq = r.seq)
   ), '${refusal.conflict}', 'an activity was settled already')`,
);

/** Removes activity tasks (`$1[i]`, `$2[i]`) and their timers; answers each one's `removed`. */
export const removeActivities = statement(
  "remove_activities",
  `${removeActivitiesAndTimers}
    SELECT EXISTS (
      SELECT 1 FROM removed s WHERE s.execution_id = r.execution_id AND s.seq = r.seq
    ) AS removed
    FROM unnest($1::text[], $2::int[]) WITH ORDINALITY AS r(execution_id, seq, ord)
    ORDER BY r.ord`,
);

/**
 * Removes activity tasks (`$1[i]`, `$2[i]`) and their timers, each after its `requireActivity`;
 * aborts if any is gone: settled already.
 */
export const takeActivities = statement(
  "take_activities",
  `${removeActivitiesAndTimers}
    SELECT eventual_refuse(ARRAY(
      SELECT r.ord FROM unnest($1::text[], $2::int[]) WITH ORDINALITY AS r(execution_id, seq, ord)
      WHERE NOT EXISTS (
        SELECT 1 FROM removed s WHERE s.execution_id = r.execution_id AND s.seq = r.seq)
    ), '${refusal.conflict}', 'an activity was settled already')`,
);

/** Removes timers `$1`, each after its `requireTimer`; aborts if any is gone: fired already. */
export const takeTimers = statement(
  "take_timers",
  `WITH fired AS (DELETE FROM eventual_timers WHERE id = ANY($1::text[]) RETURNING id)
   ${refuseIdsNotIn("fired", refusal.conflict, "a timer fired already")}`,
);

/** Aborts unless each timer of `$1` exists: one that is gone fired already. */
export const requireTimers = statement(
  "require_timers",
  `SELECT eventual_refuse(ARRAY(
     SELECT r.ord FROM unnest($1::text[]) WITH ORDINALITY AS r(id, ord)
     WHERE NOT EXISTS (SELECT 1 FROM eventual_timers t WHERE t.id = r.id)
   ), '${refusal.conflict}', 'a timer fired already')`,
);

/**
 * Records workflow steps whose guards hold: history rows (`$1`–`$3`), consumed inbox entries
 * (`$4`), executions that ended (`$5`, whose inbox, keys, tasks and timers go), and per task
 * (`$6`–`$13`) the execution's new history length, hold and outcome; leases are released.
 */
export const appendHistories = statement(
  "append_histories",
  `WITH history AS (
      INSERT INTO eventual_history (execution_id, position, event)
      SELECT * FROM unnest($1::text[], $2::int[], $3::text[])
    ), inbox AS (
      DELETE FROM eventual_inbox WHERE id = ANY($4::bigint[]) OR execution_id = ANY($5::text[])
    ), keys AS (
      DELETE FROM eventual_inbox_keys WHERE execution_id = ANY($5::text[])
    ), activities AS (
      DELETE FROM eventual_activities WHERE execution_id = ANY($5::text[])
    ), timers AS (
      DELETE FROM eventual_timers WHERE execution_id = ANY($5::text[])
    )
    UPDATE eventual_executions e SET
      history_length = t.history_length, lease_owner = NULL, lease_until = NULL,
      held = CASE WHEN t.set_held THEN t.held ELSE e.held END,
      status = COALESCE(t.status, e.status),
      result = CASE WHEN t.status IS NULL THEN e.result ELSE t.result END,
      error = CASE WHEN t.status IS NULL THEN e.error ELSE t.error END,
      end_time = COALESCE(t.end_time, e.end_time)
    FROM unnest($6::text[], $7::int[], $8::boolean[], $9::text[], $10::text[], $11::text[],
      $12::text[], $13::text[])
      AS t(id, history_length, set_held, held, status, result, error, end_time)
    WHERE e.id = t.id`,
);

/**
 * Stores activity tasks (`$1`–`$11` per task: its columns, then a claim's owner and lease) of
 * running executions, with the timers (`$12`–`$18`) of the ones stored. Answers each task's
 * `ord`, its execution's `status` and whether it was `stored` (if not, one existed already).
 */
export const scheduleActivities = statement(
  "schedule_activities",
  `WITH task AS (
      SELECT t.*, e.status
      FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::int[],
        $8::bigint[], $9::bigint[], $10::text[], $11::bigint[]) WITH ORDINALITY
        AS t(execution_id, seq, name, args, workflow_name, policy, attempt, scheduled_time,
          available_at, lease_owner, lease_until, ord)
      LEFT JOIN eventual_executions e ON e.id = t.execution_id
    ), inserted AS (
      INSERT INTO eventual_activities (execution_id, seq, name, args, workflow_name, policy,
        attempt, scheduled_time, available_at, lease_owner, lease_until)
      SELECT execution_id, seq, name, args, workflow_name, policy, attempt, scheduled_time,
        available_at, lease_owner, lease_until
      FROM task WHERE status = 'IN_PROGRESS'
      ON CONFLICT DO NOTHING RETURNING execution_id, seq
    ), timers AS (${upsertTimers(
      12,
      "(timer.execution_id, timer.activity_seq) IN (SELECT execution_id, seq FROM inserted)",
    )})
    SELECT ord, status, EXISTS (
      SELECT 1 FROM inserted i WHERE i.execution_id = task.execution_id AND i.seq = task.seq
    ) AS stored
    FROM task`,
);
