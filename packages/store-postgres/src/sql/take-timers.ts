import type { WriteResult } from "@eventual/engine";
import type { Transaction } from "../transaction.js";
import { noResults } from "./answers.js";
import { refuse } from "./refusal.js";
import { bind, prepare, sql } from "./sql.js";
import { type TimerKey, timerIds } from "./timer-ids.js";

const statement = prepare(
  "take_timers",
  sql<readonly TimerKey[]>`
    WITH fired AS (DELETE FROM eventual_timers WHERE id = ANY(${timerIds}) RETURNING id)
    ${refuse(
      sql<readonly TimerKey[]>`
        SELECT r.ord FROM unnest(${timerIds}) WITH ORDINALITY AS r(id, ord)
        WHERE r.id NOT IN (SELECT id FROM fired)`,
      "conflict",
      "a timer fired already",
    )}`,
);

/**
 * Removes timers, each after its `requireTimer` (the guard and its write in one statement);
 * aborts if any is gone: fired already.
 */
export const takeTimers = (tx: Transaction, timers: readonly TimerKey[]): Promise<WriteResult[]> =>
  tx.run(bind(statement, timers), noResults);
