import type { WriteOf, WriteResult } from "@eventual/engine";
import { toJson } from "@eventual/store-sql/rows";
import type { Transaction } from "../transaction.js";
import { type HistoryRow, insertHistory, type WithHistory } from "./insert-history.js";
import { refuse } from "./refusal.js";
import { bind, columns, prepare, raw, sql } from "./sql.js";
import { latestTimers, upsertTimers, type WithTimers } from "./upsert-timers.js";

type Start = WriteOf<"startExecution">;

interface Starts extends WithHistory, WithTimers {
  starts: readonly Start[];
}

const start = columns((args: Starts) => args.starts);
const id = start("text", ({ execution }) => execution.id);

const statement = prepare(
  "start_executions",
  sql<Starts>`WITH created AS (
      INSERT INTO eventual_executions (id, name, workflow_name, status, input, start_time,
        parent_id, parent_seq, history_length, result, error, end_time, version)
      SELECT * FROM unnest(${id}, ${start("text", ({ execution }) => execution.name)},
        ${start("text", ({ execution }) => execution.workflowName)},
        ${start("text", ({ execution, ended }) => ended?.status ?? execution.status)},
        ${start("text", ({ execution }) => toJson(execution.input))},
        ${start("text", ({ execution }) => execution.startTime)},
        ${start("text", ({ execution }) => execution.parentId ?? null)},
        ${start("int", ({ execution }) => execution.parentSeq ?? null)},
        ${start("int", ({ history }) => history.length)},
        ${start("text", ({ ended }) => (ended ? toJson(ended.result) : null))},
        ${start("text", ({ ended }) => (ended ? toJson(ended.error) : null))},
        ${start("text", ({ ended }) => ended?.endTime ?? null)},
        ${start("text", ({ execution }) => execution.version ?? null)})
      ON CONFLICT (id) DO NOTHING RETURNING id
    ), history AS (${insertHistory<Starts>(raw("h.execution_id IN (SELECT id FROM created)"))}
    ), timers AS (${upsertTimers<Starts>(raw("timer.execution_id IN (SELECT id FROM created)"))})
    ${refuse(
      sql<Starts>`SELECT r.ord FROM unnest(${id}) WITH ORDINALITY AS r(id, ord)
        WHERE r.id NOT IN (SELECT id FROM created)`,
      "exists",
      "an execution exists",
    )}`,
);

/**
 * Creates executions whose first task already ran, with their history and timers; aborts if any
 * id exists, naming those (another node may have inserted it since `requireNewExecutions`
 * looked, or this start's guard is fused into it).
 */
export function startExecutions(tx: Transaction, starts: readonly Start[]): Promise<WriteResult[]> {
  const history: HistoryRow[] = starts.flatMap(({ execution, history }) =>
    history.map((event, position) => ({ executionId: execution.id, position, event })),
  );
  const timers = latestTimers(starts.flatMap((start) => start.timers ?? []));
  return tx.run(bind(statement, { starts, history, timers }), () => starts.map(() => "created"));
}
