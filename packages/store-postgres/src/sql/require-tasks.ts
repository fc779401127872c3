import type { WriteOf, WriteResult } from "@eventual/engine";
import type { Transaction } from "../transaction.js";
import { noResults } from "./answers.js";
import { refuse } from "./refusal.js";
import { bind, columns, prepare, sql } from "./sql.js";

type Guard = WriteOf<"requireTask">;

const task = columns((guards: readonly Guard[]) => guards);
const id = task("text", (guard) => guard.executionId);
const owner = task("text", ({ lease }) => ("owner" in lease ? lease.owner : null));
const freeAt = task("bigint", ({ lease }) => ("freeAt" in lease ? lease.freeAt : null));
const historyLength = task("int", (guard) => guard.historyLength);

const statement = prepare(
  "require_tasks",
  refuse(
    sql<readonly Guard[]>`
      SELECT t.ord FROM unnest(${id}, ${owner}, ${freeAt}, ${historyLength})
        WITH ORDINALITY AS t(id, owner, now, history_length, ord)
      WHERE NOT COALESCE((
        SELECT e.history_length = t.history_length AND e.status = 'IN_PROGRESS' AND CASE
          WHEN t.owner IS NULL THEN (e.lease_until IS NULL OR e.lease_until <= t.now)
            AND NOT EXISTS (SELECT 1 FROM eventual_inbox i WHERE i.execution_id = t.id)
          ELSE e.lease_owner = t.owner END
        FROM eventual_executions e WHERE e.id = t.id
      ), FALSE)`,
    "conflict",
    "a workflow task lost its lease, or its history moved on, or its inbox is not empty",
  ),
);

/**
 * Aborts unless each task holds: its execution running at the history length it read, and either
 * leased to its owner, or (a task run without a claim) unleased at `freeAt` with an empty inbox.
 * Each row is found by its key alone, so the plan is the primary key's.
 */
export const requireTasks = (tx: Transaction, guards: readonly Guard[]): Promise<WriteResult[]> =>
  tx.run(bind(statement, guards), noResults);
