import type pg from "pg";
import { bind, param, prepare, sql } from "./sql.js";

const statement = prepare(
  "remove_node",
  sql<string>`DELETE FROM eventual_nodes WHERE id = ${param("text", (id: string) => id)}`,
);

/** Removes the node with this id, if there is one. */
export async function removeNode(pool: pg.Pool, id: string): Promise<void> {
  await pool.query(bind(statement, id));
}
