import type { WriteOf, WriteResult } from "@eventual/engine";
import { toJson } from "@eventual/store-sql/rows";
import type { Transaction } from "../transaction.js";
import { changed } from "./answers.js";
import { bind, param, prepare, sql } from "./sql.js";

type Retry = WriteOf<"retryDelivery">;

const statement = prepare(
  "retry_delivery",
  sql<Retry>`UPDATE eventual_deliveries
   SET available_at = ${param("bigint", (retry: Retry) => retry.availableAt)},
     last_error = ${param("text", (retry: Retry) => toJson(retry.error))},
     last_stack = ${param("text", (retry: Retry) => retry.stack ?? null)},
     lease_owner = NULL, lease_until = NULL
   WHERE id = ${param("text", (retry: Retry) => retry.id)}`,
);

/** Releases a delivery for its next attempt at `availableAt`: `stale` if it is gone. */
export const retryDelivery = (tx: Transaction, retry: Retry): Promise<WriteResult> =>
  tx.run(bind(statement, retry), changed);
