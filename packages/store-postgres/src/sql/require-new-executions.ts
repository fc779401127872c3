import type { WriteOf, WriteResult } from "@eventual/engine";
import type { Transaction } from "../transaction.js";
import { noResults } from "./answers.js";
import { refuse } from "./refusal.js";
import { bind, columns, prepare, sql } from "./sql.js";

type Guard = WriteOf<"requireNewExecution">;

const id = columns((guards: readonly Guard[]) => guards)("text", (guard) => guard.executionId);

const statement = prepare(
  "require_new_executions",
  refuse(
    sql<readonly Guard[]>`
      SELECT r.ord FROM unnest(${id}) WITH ORDINALITY AS r(id, ord)
      WHERE EXISTS (SELECT 1 FROM eventual_executions e WHERE e.id = r.id)`,
    "exists",
    "an execution exists",
  ),
);

/** Aborts if an execution with the id of a guard exists, naming those guards. */
export const requireNewExecutions = (
  tx: Transaction,
  guards: readonly Guard[],
): Promise<WriteResult[]> => tx.run(bind(statement, guards), noResults);
