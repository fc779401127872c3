import type { HistoryEvent } from "@eventual/engine";
import { columns, type Sql, sql } from "./sql.js";

/** One event of an execution's history, at its position. */
export interface HistoryRow {
  executionId: string;
  position: number;
  event: HistoryEvent;
}

/** Arguments that carry history rows to store. */
export interface WithHistory {
  history: readonly HistoryRow[];
}

const row = columns((args: WithHistory) => args.history);

/** Inserts the history rows of the arguments for which `when` holds (naming them `h.<column>`). */
export const insertHistory = <A extends WithHistory>(when: Sql<A>): Sql<A> => sql<A>`
    INSERT INTO eventual_history (execution_id, position, event)
    SELECT * FROM unnest(${row("text", (h) => h.executionId)}, ${row("int", (h) => h.position)},
      ${row("text", (h) => JSON.stringify(h.event))}) AS h(execution_id, position, event)
    WHERE ${when}`;
