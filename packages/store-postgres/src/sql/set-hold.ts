import type { WriteOf, WriteResult } from "@eventual/engine";
import { toJson } from "@eventual/store-sql/rows";
import type { Transaction } from "../transaction.js";
import { changed } from "./answers.js";
import { bind, param, prepare, sql } from "./sql.js";

type SetHold = WriteOf<"setHold">;

const historyLength = param("int", (hold: SetHold) => hold.historyLength ?? null);

const statement = prepare(
  "set_hold",
  sql<SetHold>`UPDATE eventual_executions
   SET held = ${param("text", (hold: SetHold) => toJson(hold.held ?? undefined))}
   WHERE id = ${param("text", (hold: SetHold) => hold.executionId)}
     AND held IS NOT NULL AND status = 'IN_PROGRESS'
     AND (${historyLength} IS NULL OR history_length = ${historyLength})`,
);

/**
 * Lifts or replaces the hold of a held, running execution, at the history length checked if
 * given: `stale` for any other.
 */
export const setHold = (tx: Transaction, hold: SetHold): Promise<WriteResult> =>
  tx.run(bind(statement, hold), changed);
