import type { WriteOf, WriteResult } from "@eventual/engine";
import { toJson } from "@eventual/store-sql/rows";
import type { Transaction } from "../transaction.js";
import { changed } from "./answers.js";
import { bind, param, prepare, sql } from "./sql.js";

type DeadLetter = WriteOf<"deadLetterDelivery">;

const statement = prepare(
  "dead_letter_delivery",
  sql<DeadLetter>`UPDATE eventual_deliveries
   SET dead = TRUE, last_error = ${param("text", (dead: DeadLetter) => toJson(dead.error))},
     last_stack = ${param("text", (dead: DeadLetter) => dead.stack ?? null)},
     lease_owner = NULL, lease_until = NULL
   WHERE id = ${param("text", (dead: DeadLetter) => dead.id)}`,
);

/** Keeps a delivery that ran out of attempts as a dead letter: `stale` if it is gone. */
export const deadLetterDelivery = (tx: Transaction, dead: DeadLetter): Promise<WriteResult> =>
  tx.run(bind(statement, dead), changed);
