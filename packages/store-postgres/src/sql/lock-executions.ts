import type { Transaction } from "../transaction.js";
import { bind, param, prepare, sql } from "./sql.js";

const ids = param("text[]", (ids: readonly string[]) => ids);

const statement = prepare(
  "lock_executions",
  sql<readonly string[]>`SELECT id FROM eventual_executions
   WHERE id = ANY(${ids}) ORDER BY id FOR NO KEY UPDATE`,
);

/** Locks executions in id order: commits touching one execution queue rather than deadlock. */
export const lockExecutions = (tx: Transaction, ids: readonly string[]): Promise<unknown> =>
  tx.run(bind(statement, ids));
