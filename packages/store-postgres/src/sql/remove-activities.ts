import type { WriteResult } from "@eventual/engine";
import type { Transaction } from "../transaction.js";
import { type ActivityKey, activityKeys } from "./activity-keys.js";
import { bind, prepare, sql } from "./sql.js";

/** CTEs that remove activity tasks and their timers; `removed` names the tasks removed. */
export const removeActivitiesAndTimers = sql<readonly ActivityKey[]>`WITH removed AS (
      DELETE FROM eventual_activities a USING ${activityKeys} AS s(execution_id, seq)
      WHERE a.execution_id = s.execution_id AND a.seq = s.seq
      RETURNING a.execution_id, a.seq
    ), timers AS (
      DELETE FROM eventual_timers t USING removed s
      WHERE t.execution_id = s.execution_id AND t.activity_seq = s.seq
    )`;

const statement = prepare(
  "remove_activities",
  sql<readonly ActivityKey[]>`${removeActivitiesAndTimers}
    SELECT EXISTS (
      SELECT 1 FROM removed s WHERE s.execution_id = r.execution_id AND s.seq = r.seq
    ) AS removed
    FROM ${activityKeys} WITH ORDINALITY AS r(execution_id, seq, ord)
    ORDER BY r.ord`,
);

/** Removes activity tasks and their timers: `ok` for each removed, `stale` for each gone. */
export const removeActivities = (
  tx: Transaction,
  keys: readonly ActivityKey[],
): Promise<WriteResult[]> =>
  tx.run(bind(statement, keys), (result) =>
    (result.rows as { removed: boolean }[]).map((row) => (row.removed ? "ok" : "stale")),
  );
