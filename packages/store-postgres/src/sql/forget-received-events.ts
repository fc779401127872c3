import type { WriteOf, WriteResult } from "@eventual/engine";
import type { Transaction } from "../transaction.js";
import { bind, param, prepare, sql } from "./sql.js";

type Forget = WriteOf<"forgetReceivedEvents">;

const statement = prepare(
  "forget_received_events",
  sql<Forget>`DELETE FROM eventual_received_events
   WHERE received_at < ${param("bigint", (forget: Forget) => forget.before)}`,
);

/** Forgets the events received before `before`: `ok`, however many there were. */
export const forgetReceivedEvents = (tx: Transaction, forget: Forget): Promise<WriteResult> =>
  tx.run(bind(statement, forget), () => "ok");
