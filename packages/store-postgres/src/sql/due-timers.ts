import type { TimerRecord } from "@eventual/engine";
import { type TimerRow, timerFromRow } from "@eventual/store-sql/rows";
import type { Transaction } from "../transaction.js";
import { columnList } from "./columns.js";
import { bind, param, prepare, sql } from "./sql.js";

interface Due {
  now: number;
  limit: number;
}

const statement = prepare(
  "due_timers",
  sql<Due>`SELECT ${columnList("timer", "t")}
   FROM eventual_timers t JOIN eventual_executions e ON e.id = t.execution_id
   WHERE t.due_time <= ${param("bigint", (due: Due) => due.now)}
   ORDER BY t.due_time, t.id LIMIT ${param("int", (due: Due) => due.limit)}
   FOR UPDATE OF t SKIP LOCKED FOR NO KEY UPDATE OF e SKIP LOCKED`,
);

/**
 * Due timers, earliest first, at most `limit`, locked with their executions. Timers of an
 * execution that another transaction holds are left for the next call: firing never waits.
 */
export const dueTimers = (tx: Transaction, now: number, limit: number): Promise<TimerRecord[]> =>
  tx.run(bind(statement, { now, limit }), (result) =>
    (result.rows as TimerRow[]).map(timerFromRow),
  );
