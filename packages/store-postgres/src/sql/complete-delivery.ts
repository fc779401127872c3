import type { WriteOf, WriteResult } from "@eventual/engine";
import type { Transaction } from "../transaction.js";
import { changed } from "./answers.js";
import { bind, param, prepare, sql } from "./sql.js";

type Complete = WriteOf<"completeDelivery">;

const statement = prepare(
  "complete_delivery",
  sql<Complete>`DELETE FROM eventual_deliveries
    WHERE id = ${param("text", (complete: Complete) => complete.id)}`,
);

/** Removes a delivery that reached its subscriber: `stale` if it is gone. */
export const completeDelivery = (tx: Transaction, complete: Complete): Promise<WriteResult> =>
  tx.run(bind(statement, complete), changed);
