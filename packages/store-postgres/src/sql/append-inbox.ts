import type { WriteOf, WriteResult } from "@eventual/engine";
import type { Transaction } from "../transaction.js";
import { firstRow, running } from "./answers.js";
import { bind, param, prepare, sql } from "./sql.js";

type Append = WriteOf<"appendInbox">;

const executionId = param("text", (append: Append) => append.executionId);
const event = param("text", (append: Append) => JSON.stringify(append.event));
const key = param("text", (append: Append) => append.key ?? null);

const statement = prepare(
  "append_inbox",
  sql<Append>`WITH target AS (
      SELECT status FROM eventual_executions WHERE id = ${executionId}
    ), keyed AS (
      INSERT INTO eventual_inbox_keys (execution_id, key)
      SELECT ${executionId}, ${key} FROM target WHERE status = 'IN_PROGRESS' AND ${key} IS NOT NULL
      ON CONFLICT DO NOTHING RETURNING key
    ), appended AS (
      INSERT INTO eventual_inbox (execution_id, event)
      SELECT ${executionId}, ${event} FROM target
      WHERE status = 'IN_PROGRESS' AND (${key} IS NULL OR EXISTS (SELECT 1 FROM keyed))
      RETURNING id
    )
    SELECT (SELECT status FROM target) AS status, EXISTS (SELECT 1 FROM appended) AS appended`,
);

/**
 * Appends an event to a running execution's inbox, once per key: `ok`, `duplicate` if its key
 * was used, or `ended`/`not_found`.
 */
export const appendInbox = (tx: Transaction, append: Append): Promise<WriteResult> =>
  tx.run(bind(statement, append), (result) => {
    const row = firstRow(result);
    const status = running(row.status);
    if (status !== "ok") return status;
    return row.appended ? "ok" : "duplicate";
  });
