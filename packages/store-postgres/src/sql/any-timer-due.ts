import type pg from "pg";
import { bind, param, prepare, sql } from "./sql.js";

const statement = prepare(
  "any_timer_due",
  sql<number>`SELECT EXISTS (SELECT 1 FROM eventual_timers
    WHERE due_time <= ${param("bigint", (now: number) => now)}) AS due`,
);

/** Whether any timer is due at `now`: most calls find none, and need no transaction to say so. */
export async function anyTimerDue(pool: pg.Pool, now: number): Promise<boolean> {
  const { rows } = await pool.query(bind(statement, now));
  return rows[0]?.due === true;
}
