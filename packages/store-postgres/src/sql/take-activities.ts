import type { WriteResult } from "@eventual/engine";
import type { Transaction } from "../transaction.js";
import { type ActivityKey, activityKeys } from "./activity-keys.js";
import { noResults } from "./answers.js";
import { refuse } from "./refusal.js";
import { removeActivitiesAndTimers } from "./remove-activities.js";
import { bind, prepare, sql } from "./sql.js";

const statement = prepare(
  "take_activities",
  sql<readonly ActivityKey[]>`${removeActivitiesAndTimers}
    ${refuse(
      sql<readonly ActivityKey[]>`
        SELECT r.ord FROM ${activityKeys} WITH ORDINALITY AS r(execution_id, seq, ord)
        WHERE NOT EXISTS (
          SELECT 1 FROM removed s WHERE s.execution_id = r.execution_id AND s.seq = r.seq)`,
      "conflict",
      "an activity was settled already",
    )}`,
);

/**
 * Removes activity tasks and their timers, each after its `requireActivity` (the guard and its
 * write in one statement); aborts if any is gone: settled already.
 */
export const takeActivities = (
  tx: Transaction,
  keys: readonly ActivityKey[],
): Promise<WriteResult[]> => tx.run(bind(statement, keys), noResults);
