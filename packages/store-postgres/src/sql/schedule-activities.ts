import type { WriteOf, WriteResult } from "@eventual/engine";
import type { Transaction } from "../transaction.js";
import { running } from "./answers.js";
import { bind, columns, prepare, raw, sql } from "./sql.js";
import { latestTimers, upsertTimers, type WithTimers } from "./upsert-timers.js";

type Schedule = WriteOf<"scheduleActivity">;

interface Schedules extends WithTimers {
  schedules: readonly Schedule[];
}

const schedule = columns((args: Schedules) => args.schedules);

/**
 * Each task's execution is found by a subquery on its key, not by a join. The statement is
 * planned once per connection (see `commit.ts`), and a join planned while `eventual_executions`
 * held a few hundred rows (a new database, or between two autovacuum passes) read the whole
 * table into a hash at every commit for as long as the connection lived; a subquery on the key
 * is one lookup per task whatever the statistics said.
 */
const statement = prepare(
  "schedule_activities",
  sql<Schedules>`WITH task AS (
      SELECT t.*, (SELECT e.status FROM eventual_executions e WHERE e.id = t.execution_id) AS status
      FROM unnest(${schedule("text", ({ task }) => task.executionId)},
        ${schedule("int", ({ task }) => task.seq)}, ${schedule("text", ({ task }) => task.name)},
        ${schedule("text", ({ task }) => JSON.stringify(task.args))},
        ${schedule("text", ({ task }) => task.workflowName)},
        ${schedule("text", ({ task }) => JSON.stringify(task.policy))},
        ${schedule("int", ({ task }) => task.attempt)},
        ${schedule("bigint", ({ task }) => task.scheduledTime)},
        ${schedule("bigint", ({ task }) => task.availableAt)},
        ${schedule("text", ({ claim }) => claim?.owner ?? null)},
        ${schedule("bigint", ({ claim }) => claim?.leaseUntil ?? null)}) WITH ORDINALITY
        AS t(execution_id, seq, name, args, workflow_name, policy, attempt, scheduled_time,
          available_at, lease_owner, lease_until, ord)
    ), inserted AS (
      INSERT INTO eventual_activities (execution_id, seq, name, args, workflow_name, policy,
        attempt, scheduled_time, available_at, lease_owner, lease_until)
      SELECT execution_id, seq, name, args, workflow_name, policy, attempt, scheduled_time,
        available_at, lease_owner, lease_until
      FROM task WHERE status = 'IN_PROGRESS'
      ON CONFLICT DO NOTHING RETURNING execution_id, seq
    ), timers AS (${upsertTimers<Schedules>(
      raw("(timer.execution_id, timer.activity_seq) IN (SELECT execution_id, seq FROM inserted)"),
    )})
    SELECT ord, status, EXISTS (
      SELECT 1 FROM inserted i WHERE i.execution_id = task.execution_id AND i.seq = task.seq
    ) AS stored
    FROM task`,
);

/**
 * Stores activity tasks of running executions (leased to the scheduler when it claims them),
 * with the timers of the ones stored: for each, `ok`, `duplicate` if one existed already, or
 * `ended`/`not_found` for its execution.
 */
export function scheduleActivities(
  tx: Transaction,
  schedules: readonly Schedule[],
): Promise<WriteResult[]> {
  const timers = latestTimers(schedules.flatMap((schedule) => schedule.timers ?? []));
  return tx.run(bind(statement, { schedules, timers }), (result) => {
    const results: WriteResult[] = [];
    for (const row of result.rows) {
      const status = running(row.status);
      results[Number(row.ord) - 1] = status === "ok" && !row.stored ? "duplicate" : status;
    }
    return results;
  });
}
