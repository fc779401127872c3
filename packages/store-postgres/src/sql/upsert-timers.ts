import type { TimerRecord } from "@eventual/engine";
import { columns, type Sql, sql } from "./sql.js";

/** Arguments that carry timers to store: at most one per id (see `latestTimers`). */
export interface WithTimers {
  timers: readonly TimerRecord[];
}

const timer = columns((args: WithTimers) => args.timers);

/**
 * Upserts the timers of the arguments for which `when` holds (it may name a timer's columns as
 * `timer.<column>`): a part of a statement that writes what the timers belong to.
 */
export const upsertTimers = <A extends WithTimers>(when: Sql<A>): Sql<A> => sql<A>`
    INSERT INTO eventual_timers
      (id, execution_id, due_time, event, key, activity_seq, retry_after_ms)
    SELECT * FROM unnest(${timer("text", (t) => t.id)}, ${timer("text", (t) => t.executionId)},
      ${timer("bigint", (t) => t.dueTime)}, ${timer("text", (t) => JSON.stringify(t.event))},
      ${timer("text", (t) => t.key ?? null)}, ${timer("int", (t) => t.activitySeq ?? null)},
      ${timer("bigint", (t) => t.retryAfterMs ?? null)})
      AS timer(id, execution_id, due_time, event, key, activity_seq, retry_after_ms)
    WHERE ${when}
    ON CONFLICT (id) DO UPDATE SET execution_id = excluded.execution_id,
      due_time = excluded.due_time, event = excluded.event, key = excluded.key,
      activity_seq = excluded.activity_seq, retry_after_ms = excluded.retry_after_ms`;

/** The last timer of each id, as separate writes would leave them: one statement may not upsert a row twice. */
export function latestTimers(timers: readonly TimerRecord[] = []): TimerRecord[] {
  return [...new Map(timers.map((timer) => [timer.id, timer])).values()];
}
