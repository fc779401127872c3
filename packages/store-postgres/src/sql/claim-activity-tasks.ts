import type { ActivityTask, Claim } from "@eventual/engine";
import { type ActivityRow, activityFromRow } from "@eventual/store-sql/rows";
import type pg from "pg";
import { claimRows } from "./claim.js";
import { bind, prepare } from "./sql.js";

const statement = prepare(
  "claim_activity_tasks",
  claimRows("eventual_activities", "NOT waiting", ["execution_id", "seq"], "activity"),
);

/** Leases activity tasks that are due and not waiting for an outside completion. */
export async function claimActivityTasks(pool: pg.Pool, claim: Claim): Promise<ActivityTask[]> {
  const { rows } = await pool.query(bind(statement, claim));
  return (rows as ActivityRow[]).map(activityFromRow);
}
