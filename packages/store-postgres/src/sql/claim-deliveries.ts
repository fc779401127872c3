import type { Claim, DeliveryRecord } from "@eventual/engine";
import { type DeliveryRow, deliveryFromRow } from "@eventual/store-sql/rows";
import type pg from "pg";
import { claimRows } from "./claim.js";
import { bind, prepare } from "./sql.js";

const statement = prepare(
  "claim_deliveries",
  claimRows("eventual_deliveries", "NOT dead", ["id"], "delivery"),
);

/** Leases deliveries that are due and not dead letters. */
export async function claimDeliveries(pool: pg.Pool, claim: Claim): Promise<DeliveryRecord[]> {
  const { rows } = await pool.query(bind(statement, claim));
  return (rows as DeliveryRow[]).map(deliveryFromRow);
}
