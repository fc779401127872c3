import type { WriteOf, WriteResult } from "@eventual/engine";
import type { Transaction } from "../transaction.js";
import { activityKeys } from "./activity-keys.js";
import { noResults } from "./answers.js";
import { refuse } from "./refusal.js";
import { bind, prepare, sql } from "./sql.js";

type Guard = WriteOf<"requireActivity">;

const statement = prepare(
  "require_activities",
  refuse(
    sql<readonly Guard[]>`
      SELECT r.ord FROM ${activityKeys} WITH ORDINALITY AS r(execution_id, seq, ord)
      WHERE NOT EXISTS (SELECT 1 FROM eventual_activities a
        WHERE a.execution_id = r.execution_id AND a.seq = r.seq)`,
    "conflict",
    "an activity was settled already",
  ),
);

/** Aborts unless each activity task exists: one that is gone was settled. */
export const requireActivities = (
  tx: Transaction,
  guards: readonly Guard[],
): Promise<WriteResult[]> => tx.run(bind(statement, guards), noResults);
