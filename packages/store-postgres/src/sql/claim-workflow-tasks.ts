import type { Claim, WorkflowTask } from "@eventual/engine";
import { type ExecutionRow, executionFromRow } from "@eventual/store-sql/rows";
import type pg from "pg";
import { claimLimit, claimNow, claimOwner, claimUntil } from "./claim.js";
import { columnList } from "./columns.js";
import { bind, prepare, sql } from "./sql.js";

const statement = prepare(
  "claim_workflow_tasks",
  sql<Claim>`WITH ready AS MATERIALIZED (
      SELECT e.id, waiting.first
      FROM (SELECT execution_id, MIN(id) AS first FROM eventual_inbox GROUP BY execution_id) waiting
      JOIN eventual_executions e ON e.id = waiting.execution_id
      WHERE e.status = 'IN_PROGRESS' AND e.held IS NULL
        AND (e.lease_until IS NULL OR e.lease_until <= ${claimNow})
      ORDER BY waiting.first LIMIT ${claimLimit}
      FOR NO KEY UPDATE OF e SKIP LOCKED
    ), leased AS (
      UPDATE eventual_executions e SET lease_owner = ${claimOwner}, lease_until = ${claimUntil}
      FROM ready WHERE e.id = ready.id
      RETURNING ${columnList("execution", "e")}, ready.first
    )
    SELECT leased.*,
      (SELECT json_agg(json_build_object('id', i.id, 'event', i.event::json) ORDER BY i.id)
       FROM eventual_inbox i WHERE i.execution_id = leased.id) AS inbox
    FROM leased ORDER BY leased.first`,
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
