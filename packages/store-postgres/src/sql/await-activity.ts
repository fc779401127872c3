import type { WriteOf, WriteResult } from "@eventual/engine";
import type { Transaction } from "../transaction.js";
import { changed } from "./answers.js";
import { bind, param, prepare, sql } from "./sql.js";

type Await = WriteOf<"awaitActivity">;

const statement = prepare(
  "await_activity",
  sql<Await>`UPDATE eventual_activities SET waiting = TRUE, lease_owner = NULL, lease_until = NULL
   WHERE execution_id = ${param("text", (task: Await) => task.executionId)}
     AND seq = ${param("int", (task: Await) => task.seq)}`,
);

/** Parks an activity task until it is completed from outside: `stale` if it is gone. */
export const awaitActivity = (tx: Transaction, task: Await): Promise<WriteResult> =>
  tx.run(bind(statement, task), changed);
