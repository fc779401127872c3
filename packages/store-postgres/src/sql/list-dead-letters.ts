import type { DeliveryRecord } from "@eventual/engine";
import { type DeliveryRow, deliveryFromRow } from "@eventual/store-sql/rows";
import type pg from "pg";
import { columnList } from "./columns.js";
import { bind, prepare, sql } from "./sql.js";

const statement = prepare(
  "dead_letters",
  sql<void>`SELECT ${columnList("delivery")} FROM eventual_deliveries
   WHERE dead ORDER BY available_at, id`,
);

/** The deliveries that ran out of attempts, the oldest first. */
export async function listDeadLetters(pool: pg.Pool): Promise<DeliveryRecord[]> {
  const { rows } = await pool.query(bind(statement, undefined));
  return (rows as DeliveryRow[]).map(deliveryFromRow);
}
