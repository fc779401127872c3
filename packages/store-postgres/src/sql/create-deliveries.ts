import type { DeliveryRecord, WriteResult } from "@eventual/engine";
import type { Transaction } from "../transaction.js";
import { insertDeliveries, type WithDeliveries } from "./insert-deliveries.js";
import { bind, prepare, raw } from "./sql.js";

const statement = prepare("create_deliveries", insertDeliveries<WithDeliveries>(raw("TRUE")));

/** Stores deliveries of published events to their subscribers; one whose id exists is kept. */
export const createDeliveries = (
  tx: Transaction,
  deliveries: readonly DeliveryRecord[],
): Promise<WriteResult> => tx.run(bind(statement, { deliveries }), () => "ok");
