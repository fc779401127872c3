import type { WriteResult } from "@eventual/engine";
import type { Transaction } from "../transaction.js";
import { noResults } from "./answers.js";
import { bind, prepare, sql } from "./sql.js";
import { type TimerKey, timerIds } from "./timer-ids.js";

const statement = prepare(
  "delete_timers",
  sql<readonly TimerKey[]>`DELETE FROM eventual_timers WHERE id = ANY(${timerIds})`,
);

/** Removes timers, those that are there. */
export const deleteTimers = (
  tx: Transaction,
  timers: readonly TimerKey[],
): Promise<WriteResult[]> => tx.run(bind(statement, timers), noResults);
