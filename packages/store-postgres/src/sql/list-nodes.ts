import type { NodeRecord } from "@eventual/engine";
import { type NodeRow, nodeFromRow } from "@eventual/store-sql/rows";
import type pg from "pg";
import { columnList } from "./columns.js";
import { bind, param, prepare, sql } from "./sql.js";

const statement = prepare(
  "list_nodes",
  sql<number>`SELECT ${columnList("node")} FROM eventual_nodes
   WHERE seen_at >= ${param("bigint", (seenSince: number) => seenSince)}
   ORDER BY started_at, id`,
);

/** The nodes seen at or after `seenSince`, the earliest started first. */
export async function listNodes(pool: pg.Pool, seenSince: number): Promise<NodeRecord[]> {
  const { rows } = await pool.query(bind(statement, seenSince));
  return (rows as NodeRow[]).map(nodeFromRow);
}
