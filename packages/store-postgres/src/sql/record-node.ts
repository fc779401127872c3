import type { NodeRecord } from "@eventual/engine";
import { nodeRowRetentionMs } from "@eventual/engine";
import type pg from "pg";
import { bind, param, prepare, sql } from "./sql.js";

const id = param("text", (node: NodeRecord) => node.id);

/**
 * One statement: the node's row, inserted or replaced, and the rows of nodes last seen more than
 * the retention before it deleted (its own row excepted: the delete sees the table as it was
 * before the insert, and a row may change only once in a statement).
 */
const statement = prepare(
  "record_node",
  sql<NodeRecord>`WITH recorded AS (
      INSERT INTO eventual_nodes (id, host, pid, started_at, seen_at)
      VALUES (${id}, ${param("text", (node: NodeRecord) => node.host)},
        ${param("int", (node: NodeRecord) => node.pid)},
        ${param("bigint", (node: NodeRecord) => node.startedAt)},
        ${param("bigint", (node: NodeRecord) => node.seenAt)})
      ON CONFLICT (id) DO UPDATE SET host = EXCLUDED.host, pid = EXCLUDED.pid,
        started_at = EXCLUDED.started_at, seen_at = EXCLUDED.seen_at
      RETURNING 1
    )
    DELETE FROM eventual_nodes
     WHERE seen_at < ${param("bigint", (node: NodeRecord) => node.seenAt - nodeRowRetentionMs)}
       AND id <> ${id}`,
);

/** Records that the node is up, and forgets the nodes not seen for the retention before. */
export async function recordNode(pool: pg.Pool, node: NodeRecord): Promise<void> {
  await pool.query(bind(statement, node));
}
