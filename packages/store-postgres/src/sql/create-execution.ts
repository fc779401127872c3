import type { WriteOf, WriteResult } from "@eventual/engine";
import { toJson } from "@eventual/store-sql/rows";
import type { Transaction } from "../transaction.js";
import { firstRow } from "./answers.js";
import { bind, param, prepare, raw, sql } from "./sql.js";
import { latestTimers, upsertTimers, type WithTimers } from "./upsert-timers.js";

type Create = WriteOf<"createExecution">;

interface Args extends WithTimers {
  create: Create;
}

const of = <T>(type: string, pick: (create: Create) => T) =>
  param(type, ({ create }: Args) => pick(create));

const statement = prepare(
  "create_execution",
  sql<Args>`WITH created AS (
      INSERT INTO eventual_executions
        (id, name, workflow_name, status, input, start_time, parent_id, parent_seq, version)
      VALUES (${of("text", ({ execution }) => execution.id)}, ${of("text", ({ execution }) => execution.name)},
        ${of("text", ({ execution }) => execution.workflowName)},
        ${of("text", ({ execution }) => execution.status)},
        ${of("text", ({ execution }) => toJson(execution.input))},
        ${of("text", ({ execution }) => execution.startTime)},
        ${of("text", ({ execution }) => execution.parentId ?? null)},
        ${of("int", ({ execution }) => execution.parentSeq ?? null)},
        ${of("text", ({ execution }) => execution.version ?? null)})
      ON CONFLICT (id) DO NOTHING RETURNING id
    ), started AS (
      INSERT INTO eventual_inbox (execution_id, event)
      SELECT id, ${of("text", ({ started }) => JSON.stringify(started))} FROM created
    ), timers AS (${upsertTimers<Args>(raw("EXISTS (SELECT 1 FROM created)"))})
    SELECT EXISTS (SELECT 1 FROM created) AS created`,
);

/**
 * Creates an execution with its `WorkflowStarted` in its inbox and its timers: `created`, or
 * `exists` (and nothing written) if its id is taken.
 */
export const createExecution = (tx: Transaction, create: Create): Promise<WriteResult> =>
  tx.run(bind(statement, { create, timers: latestTimers(create.timers) }), (result) =>
    firstRow(result).created ? "created" : "exists",
  );
