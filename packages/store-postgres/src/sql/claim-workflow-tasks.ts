import type { Claim, WorkflowTask } from "@eventual/engine";
import { type ExecutionRow, executionFromRow } from "@eventual/store-sql/rows";
import type pg from "pg";
import { claimLimit, claimNow, claimOwner, claimUntil } from "./claim.js";
import { columnList } from "./columns.js";
import { bind, prepare, sql } from "./sql.js";

/**
 * Walks the waiting executions, longest waiting first, and looks each one up by its key (a lateral
 * subquery, which the planner cannot turn into a join), stopping at the limit; the lease is then
 * written by key. A join let the planner, with statistics from when the table was small, read
 * every running execution for each claim and probe the inbox for each: over a second per claim
 * with 100,000 executions suspended. The lock is taken in the lookup, so only the executions
 * claimed are locked, and one another node holds is skipped.
 */
const statement = prepare(
  "claim_workflow_tasks",
  sql<Claim>`WITH ready AS MATERIALIZED (
      SELECT e.id, waiting.first
      FROM (SELECT execution_id, MIN(id) AS first FROM eventual_inbox GROUP BY execution_id
        ORDER BY first) waiting
      CROSS JOIN LATERAL (
        SELECT e.id FROM eventual_executions e
        WHERE e.id = waiting.execution_id AND e.status = 'IN_PROGRESS' AND e.held IS NULL
          AND (e.lease_until IS NULL OR e.lease_until <= ${claimNow})
        FOR NO KEY UPDATE SKIP LOCKED
      ) e
      ORDER BY waiting.first LIMIT ${claimLimit}
    ), leased AS (
      UPDATE eventual_executions e SET lease_owner = ${claimOwner}, lease_until = ${claimUntil}
      WHERE e.id = ANY(ARRAY(SELECT id FROM ready))
      RETURNING ${columnList("execution", "e")}
    )
    SELECT leased.*,
      (SELECT json_agg(json_build_object('id', i.id, 'event', i.event::json) ORDER BY i.id)
       FROM eventual_inbox i WHERE i.execution_id = leased.id) AS inbox
    FROM leased JOIN ready ON ready.id = leased.id ORDER BY ready.first`,
);

/**
 * Leases the workflow tasks of running executions that are not held, with their inboxes, the
 * one waiting longest first.
 */
export async function claimWorkflowTasks(pool: pg.Pool, claim: Claim): Promise<WorkflowTask[]> {
  const { rows } = await pool.query(bind(statement, claim));
  return rows.map((row: ExecutionRow & { inbox: WorkflowTask["inbox"] }) => ({
    execution: executionFromRow(row),
    inbox: row.inbox,
  }));
}
