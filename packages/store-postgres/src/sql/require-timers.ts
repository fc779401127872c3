import type { WriteResult } from "@eventual/engine";
import type { Transaction } from "../transaction.js";
import { noResults } from "./answers.js";
import { refuse } from "./refusal.js";
import { bind, prepare, sql } from "./sql.js";
import { type TimerKey, timerIds } from "./timer-ids.js";

const statement = prepare(
  "require_timers",
  refuse(
    sql<readonly TimerKey[]>`
      SELECT r.ord FROM unnest(${timerIds}) WITH ORDINALITY AS r(id, ord)
      WHERE NOT EXISTS (SELECT 1 FROM eventual_timers t WHERE t.id = r.id)`,
    "conflict",
    "a timer fired already",
  ),
);

/** Aborts unless each timer exists: one that is gone fired already. */
export const requireTimers = (
  tx: Transaction,
  timers: readonly TimerKey[],
): Promise<WriteResult[]> => tx.run(bind(statement, timers), noResults);
