import type { WriteOf } from "@eventual/engine";
import type { Transaction } from "../transaction.js";
import { bind, columns, prepare, sql } from "./sql.js";

type Append = WriteOf<"appendInbox">;

const append = columns((appends: readonly Append[]) => appends);

const statement = prepare(
  "append_inbox_batch",
  sql<readonly Append[]>`WITH entry AS (
      SELECT t.execution_id, t.event, t.key, t.ord
      FROM unnest(${append("text", (a) => a.executionId)}, ${append("text", (a) => JSON.stringify(a.event))},
        ${append("text", (a) => a.key ?? null)}) WITH ORDINALITY AS t(execution_id, event, key, ord)
      JOIN eventual_executions e ON e.id = t.execution_id AND e.status = 'IN_PROGRESS'
    ), keyed AS (
      INSERT INTO eventual_inbox_keys (execution_id, key)
      SELECT execution_id, key FROM entry WHERE key IS NOT NULL
      ON CONFLICT DO NOTHING RETURNING execution_id, key
    )
    INSERT INTO eventual_inbox (execution_id, event)
    SELECT execution_id, event FROM entry
    WHERE key IS NULL OR (execution_id, key) IN (SELECT execution_id, key FROM keyed)
    ORDER BY ord`,
);

/**
 * Appends entries in order, each to a running execution and only under a key not yet used. The
 * keys must differ within one call.
 */
export const appendInboxBatch = (tx: Transaction, appends: readonly Append[]): Promise<unknown> =>
  tx.run(bind(statement, appends));
