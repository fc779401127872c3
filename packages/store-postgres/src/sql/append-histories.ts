import type { WriteOf, WriteResult } from "@eventual/engine";
import { toJson } from "@eventual/store-sql/rows";
import type { Transaction } from "../transaction.js";
import { noResults } from "./answers.js";
import { type HistoryRow, insertHistory, type WithHistory } from "./insert-history.js";
import { bind, columns, param, prepare, raw, sql } from "./sql.js";

type Step = WriteOf<"appendHistory">;

interface Steps extends WithHistory {
  steps: readonly Step[];
}

const consumed = param("bigint[]", ({ steps }: Steps) => steps.flatMap((step) => step.consumed));
const ended = param("text[]", ({ steps }: Steps) =>
  steps.filter((step) => step.ended).map((step) => step.executionId),
);
const step = columns((args: Steps) => args.steps);

const statement = prepare(
  "append_histories",
  sql<Steps>`WITH history AS (${insertHistory<Steps>(raw("TRUE"))}
    ), inbox AS (
      DELETE FROM eventual_inbox WHERE id = ANY(${consumed}) OR execution_id = ANY(${ended})
    ), keys AS (
      DELETE FROM eventual_inbox_keys WHERE execution_id = ANY(${ended})
    ), activities AS (
      DELETE FROM eventual_activities WHERE execution_id = ANY(${ended})
    ), timers AS (
      DELETE FROM eventual_timers WHERE execution_id = ANY(${ended})
    )
    UPDATE eventual_executions e SET
      history_length = t.history_length, lease_owner = NULL, lease_until = NULL,
      held = CASE WHEN t.set_held THEN t.held ELSE e.held END,
      status = COALESCE(t.status, e.status),
      result = CASE WHEN t.status IS NULL THEN e.result ELSE t.result END,
      error = CASE WHEN t.status IS NULL THEN e.error ELSE t.error END,
      end_time = COALESCE(t.end_time, e.end_time)
    FROM unnest(${step("text", (s) => s.executionId)},
      ${step("int", (s) => s.historyLength + s.history.length)},
      ${step("boolean", (s) => s.held !== undefined)}, ${step("text", (s) => toJson(s.held ?? undefined))},
      ${step("text", (s) => s.ended?.status ?? null)}, ${step("text", (s) => toJson(s.ended?.result))},
      ${step("text", (s) => toJson(s.ended?.error))}, ${step("text", (s) => s.ended?.endTime ?? null)})
      AS t(id, history_length, set_held, held, status, result, error, end_time)
    WHERE e.id = t.id`,
);

/**
 * Records workflow steps whose guards hold: their history, the inbox entries they consumed, and
 * per execution its new history length, hold and outcome, releasing its lease; an execution that
 * ended loses its inbox, keys, tasks and timers.
 */
export function appendHistories(tx: Transaction, steps: readonly Step[]): Promise<WriteResult[]> {
  const history: HistoryRow[] = steps.flatMap((step) =>
    step.history.map((event, index) => ({
      executionId: step.executionId,
      position: step.historyLength + index,
      event,
    })),
  );
  return tx.run(bind(statement, { steps, history }), noResults);
}
