import type { HistoryEvent } from "@eventual/engine";
import type pg from "pg";
import { bind, param, prepare, sql } from "./sql.js";

const statement = prepare(
  "history_of",
  sql<string>`SELECT event FROM eventual_history
    WHERE execution_id = ${param("text", (id: string) => id)} ORDER BY position`,
);

/** An execution's history, in order. */
export async function getHistory(pool: pg.Pool, executionId: string): Promise<HistoryEvent[]> {
  const { rows } = await pool.query(bind(statement, executionId));
  return rows.map((row: { event: string }) => JSON.parse(row.event));
}
