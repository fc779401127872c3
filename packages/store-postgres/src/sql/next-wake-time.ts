import type pg from "pg";
import { bind, prepare, sql } from "./sql.js";

const statement = prepare(
  "next_wake_time",
  sql<void>`SELECT LEAST(
     (SELECT MIN(due_time) FROM eventual_timers),
     (SELECT MIN(COALESCE(lease_until, available_at)) FROM eventual_activities WHERE NOT waiting),
     (SELECT MIN(COALESCE(lease_until, available_at)) FROM eventual_deliveries WHERE NOT dead),
     (SELECT MIN(COALESCE(e.lease_until, 0)) FROM eventual_executions e
      WHERE e.status = 'IN_PROGRESS' AND (e.lease_until IS NOT NULL OR e.held IS NULL)
        AND e.id IN (SELECT execution_id FROM eventual_inbox))
   ) AS next`,
);

/** The earliest time at which anything becomes claimable; undefined when nothing is pending. */
export async function nextWakeTime(pool: pg.Pool): Promise<number | undefined> {
  const { rows } = await pool.query(bind(statement, undefined));
  return (rows[0]?.next as number | null) ?? undefined;
}
