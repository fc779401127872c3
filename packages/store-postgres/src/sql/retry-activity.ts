import type { WriteOf, WriteResult } from "@eventual/engine";
import { toJson } from "@eventual/store-sql/rows";
import type { Transaction } from "../transaction.js";
import { firstRow } from "./answers.js";
import { bind, param, prepare, sql } from "./sql.js";

type Retry = WriteOf<"retryActivity">;

const executionId = param("text", (retry: Retry) => retry.executionId);
const event = param("text", (retry: Retry) => toJson(retry.event));
const key = param("text", (retry: Retry) => retry.key ?? null);

const statement = prepare(
  "retry_activity",
  sql<Retry>`WITH retried AS (
      UPDATE eventual_activities
      SET available_at = ${param("bigint", (retry: Retry) => retry.availableAt)}, waiting = FALSE,
        lease_owner = NULL, lease_until = NULL
      WHERE execution_id = ${executionId} AND seq = ${param("int", (retry: Retry) => retry.seq)}
      RETURNING execution_id
    ), target AS (
      SELECT id FROM eventual_executions
      WHERE id = ${executionId} AND status = 'IN_PROGRESS' AND ${event} IS NOT NULL
        AND EXISTS (SELECT 1 FROM retried)
    ), keyed AS (
      INSERT INTO eventual_inbox_keys (execution_id, key)
      SELECT id, ${key} FROM target WHERE ${key} IS NOT NULL
      ON CONFLICT DO NOTHING RETURNING key
    ), appended AS (
      INSERT INTO eventual_inbox (execution_id, event)
      SELECT id, ${event} FROM target WHERE ${key} IS NULL OR EXISTS (SELECT 1 FROM keyed)
    )
    SELECT EXISTS (SELECT 1 FROM retried) AS retried`,
);

/**
 * Releases an activity task for its next attempt, claimable at `availableAt`, appending the
 * failed attempt's record (if given) to the running execution's inbox under its key, unless
 * used: `stale` if the task is gone.
 */
export const retryActivity = (tx: Transaction, retry: Retry): Promise<WriteResult> =>
  tx.run(bind(statement, retry), (result) => (firstRow(result).retried ? "ok" : "stale"));
