import type { ExecutionRecord } from "@eventual/engine";
import { type ExecutionRow, executionFromRow } from "@eventual/store-sql/rows";
import type pg from "pg";
import { columnList } from "./columns.js";
import { bind, param, prepare, sql } from "./sql.js";

const statement = prepare(
  "get_execution",
  sql<string>`SELECT ${columnList("execution")} FROM eventual_executions
    WHERE id = ${param("text", (id: string) => id)}`,
);

/** The execution with id `id`, if there is one. */
export async function getExecution(
  pool: pg.Pool,
  id: string,
): Promise<ExecutionRecord | undefined> {
  const { rows } = await pool.query(bind(statement, id));
  const [row] = rows as ExecutionRow[];
  return row && executionFromRow(row);
}
