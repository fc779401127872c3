import type { WriteOf, WriteResult } from "@eventual/engine";
import { completionKey } from "@eventual/engine";
import type { Transaction } from "../transaction.js";
import { firstRow } from "./answers.js";
import { bind, param, prepare, sql } from "./sql.js";

type Settle = WriteOf<"settleActivity">;

const executionId = param("text", (settle: Settle) => settle.executionId);
const seq = param("int", (settle: Settle) => settle.seq);

const statement = prepare(
  "settle_activity",
  sql<Settle>`WITH settled AS (
      DELETE FROM eventual_activities WHERE execution_id = ${executionId} AND seq = ${seq}
      RETURNING 1
    ), timers AS (
      DELETE FROM eventual_timers
      WHERE execution_id = ${executionId} AND activity_seq = ${seq}
        AND EXISTS (SELECT 1 FROM settled)
    ), keyed AS (
      INSERT INTO eventual_inbox_keys (execution_id, key)
      SELECT id, ${param("text", (settle: Settle) => completionKey(settle.seq))}
      FROM eventual_executions
      WHERE id = ${executionId} AND status = 'IN_PROGRESS' AND EXISTS (SELECT 1 FROM settled)
      ON CONFLICT DO NOTHING RETURNING execution_id
    ), appended AS (
      INSERT INTO eventual_inbox (execution_id, event)
      SELECT execution_id, ${param("text", (settle: Settle) => JSON.stringify(settle.event))}
      FROM keyed
      RETURNING id
    )
    SELECT EXISTS (SELECT 1 FROM appended) AS appended`,
);

/**
 * Removes an activity task and its timers and appends its completion under its completion key:
 * `stale` if the task is gone or the key used.
 */
export const settleActivity = (tx: Transaction, settle: Settle): Promise<WriteResult> =>
  tx.run(bind(statement, settle), (result) => (firstRow(result).appended ? "ok" : "stale"));
