import type { WriteOf, WriteResult } from "@eventual/engine";
import type { Transaction } from "../transaction.js";
import { firstRow, running } from "./answers.js";
import { bind, param, prepare, sql } from "./sql.js";
import { upsertTimers, type WithTimers } from "./upsert-timers.js";

type SetTimer = WriteOf<"setTimer">;

const statement = prepare(
  "set_timer",
  sql<WithTimers>`WITH target AS (
      SELECT status FROM eventual_executions
      WHERE id = ${param("text", ({ timers }: WithTimers) => timers[0]!.executionId)}
    ), timers AS (${upsertTimers(sql`(SELECT status FROM target) = 'IN_PROGRESS'`)})
    SELECT (SELECT status FROM target) AS status`,
);

/** Stores a timer of a running execution: `ok`, or `ended`/`not_found` and nothing stored. */
export const setTimer = (tx: Transaction, write: SetTimer): Promise<WriteResult> =>
  tx.run(bind(statement, { timers: [write.timer] }), (result) => running(firstRow(result).status));
