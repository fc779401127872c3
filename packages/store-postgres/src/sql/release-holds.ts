import type { WriteResult } from "@eventual/engine";
import type { Transaction } from "../transaction.js";
import { bind, prepare, sql } from "./sql.js";

const statement = prepare(
  "release_holds",
  sql<void>`UPDATE eventual_executions SET held = NULL WHERE held IS NOT NULL`,
);

/** Releases every held execution, to be tried again. */
export const releaseHolds = (tx: Transaction): Promise<WriteResult> =>
  tx.run(bind(statement, undefined), () => "ok");
