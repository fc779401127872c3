import type { WriteOf, WriteResult } from "@eventual/engine";
import type { Transaction } from "../transaction.js";
import { changed } from "./answers.js";
import { bind, param, prepare, sql } from "./sql.js";

type Redrive = WriteOf<"redriveDelivery">;

const statement = prepare(
  "redrive_delivery",
  sql<Redrive>`UPDATE eventual_deliveries
   SET dead = FALSE, attempt = 0,
     available_at = ${param("bigint", (redrive: Redrive) => redrive.availableAt)},
     lease_owner = NULL, lease_until = NULL
   WHERE id = ${param("text", (redrive: Redrive) => redrive.id)} AND dead`,
);

/** Gives a dead letter its attempts again from `availableAt`: `stale` if it is gone or live. */
export const redriveDelivery = (tx: Transaction, redrive: Redrive): Promise<WriteResult> =>
  tx.run(bind(statement, redrive), changed);
