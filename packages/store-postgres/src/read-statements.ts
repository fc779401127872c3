/** The statements behind the store's reads. */
import type { ExecutionCursor } from "@eventual/engine";
import type { Statement } from "./statement.js";
import { columnList, columns, statement } from "./statement.js";

export const getExecution = statement(
  "get_execution",
  `SELECT ${columnList(columns.execution)} FROM eventual_executions WHERE id = $1::text`,
);

export const historyOf = statement(
  "history_of",
  "SELECT event FROM eventual_history WHERE execution_id = $1::text ORDER BY position",
);

/**
 * A page of executions in (start_time, id) order, both COLLATE "C" columns, so the order is code
 * units whatever the database's locale. Each combination of filters is its own statement, so
 * each keeps a plan that uses its index.
 */
export function listExecutions(page: {
  workflow?: string;
  status?: string;
  after?: ExecutionCursor;
  descending: boolean;
  limit: number;
}): { statement: Statement; values: unknown[] } {
  const values: unknown[] = [page.limit];
  const param = (value: unknown) => `$${values.push(value)}::text`;
  const conditions: string[] = [];
  const name: string[] = [];
  if (page.workflow !== undefined) {
    conditions.push(`workflow_name = ${param(page.workflow)}`);
    name.push("workflow");
  }
  if (page.status !== undefined) {
    conditions.push(`status = ${param(page.status)}`);
    name.push("status");
  }
  if (page.after) {
    const { startTime, id } = page.after;
    const after = page.descending ? "<" : ">";
    conditions.push(`(start_time, id) ${after} (${param(startTime)}, ${param(id)})`);
    name.push("after");
  }
  const order = page.descending ? "DESC" : "ASC";
  const text = `SELECT ${columnList(columns.execution)} FROM eventual_executions
    ${conditions.length > 0 ? `WHERE ${conditions.join(" AND ")}` : ""}
    ORDER BY start_time ${order}, id ${order} LIMIT $1::int`;
  const statementName = ["list_executions", ...name, order.toLowerCase()].join("_");
  return { statement: statement(statementName, text), values };
}

/** The latest `$1` logs (all of them for NULL), newest first. */
export const latestLogs = statement(
  "latest_logs",
  `SELECT execution_id, source, time, level, message FROM eventual_logs
   ORDER BY id DESC LIMIT $1::int`,
);

/** The latest `$1` logs of execution `$2` (all of them for NULL), newest first. */
export const latestLogsOf = statement(
  "latest_logs_of",
  `SELECT execution_id, source, time, level, message FROM eventual_logs
   WHERE execution_id = $2::text ORDER BY id DESC LIMIT $1::int`,
);

/**
 * The latest `$1` logs (all of them for NULL), newest first, of execution `$2`, written at or
 * after `$3`, of executions of workflow `$4`: each filter applies unless NULL. A statement of its
 * own, so the two above keep their plans.
 */
export const filteredLogs = statement(
  "filtered_logs",
  `SELECT execution_id, source, time, level, message FROM eventual_logs
   WHERE ($2::text IS NULL OR execution_id = $2::text)
     AND ($3::bigint IS NULL OR time >= $3::bigint)
     AND ($4::text IS NULL OR execution_id IN
       (SELECT id FROM eventual_executions WHERE workflow_name = $4::text))
   ORDER BY id DESC LIMIT $1::int`,
);

export const deadLetters = statement(
  "dead_letters",
  `SELECT ${columnList(columns.delivery)} FROM eventual_deliveries
   WHERE dead ORDER BY available_at, id`,
);
