import type { DeliveryRecord, WriteResult } from "@eventual/engine";
import { toJson } from "@eventual/store-sql/rows";
import type { Transaction } from "../transaction.js";
import { bind, columns, prepare, sql } from "./sql.js";

const delivery = columns((deliveries: readonly DeliveryRecord[]) => deliveries);

const statement = prepare(
  "create_deliveries",
  sql<readonly DeliveryRecord[]>`INSERT INTO eventual_deliveries (id, subscription, event_name,
     event, attempt, available_at, published_at, last_error, dead, execution_id)
   SELECT * FROM unnest(${delivery("text", (d) => d.id)}, ${delivery("text", (d) => d.subscription)},
     ${delivery("text", (d) => d.eventName)}, ${delivery("text", (d) => toJson(d.event))},
     ${delivery("int", (d) => d.attempt)}, ${delivery("bigint", (d) => d.availableAt)},
     ${delivery("bigint", (d) => d.publishedAt)}, ${delivery("text", (d) => toJson(d.lastError))},
     ${delivery("boolean", (d) => d.dead === true)}, ${delivery("text", (d) => d.executionId ?? null)})
   ON CONFLICT (id) DO NOTHING`,
);

/** Stores deliveries of published events to their subscribers; one whose id exists is kept. */
export const createDeliveries = (
  tx: Transaction,
  deliveries: readonly DeliveryRecord[],
): Promise<WriteResult> => tx.run(bind(statement, deliveries), () => "ok");
