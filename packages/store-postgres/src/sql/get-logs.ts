import type { LogFilter, LogRecord } from "@eventual/engine";
import { type LogRow, logFromRow } from "@eventual/store-sql/rows";
import type pg from "pg";
import { bind, param, prepare, sql } from "./sql.js";

const limit = param("int", (filter: LogFilter) => filter.limit ?? null);
const executionId = param("text", (filter: LogFilter) => filter.executionId ?? null);
const since = param("bigint", (filter: LogFilter) => filter.since ?? null);
const workflow = param("text", (filter: LogFilter) => filter.workflow ?? null);

/** The latest logs (all of them for no limit), newest first. */
const latestLogs = prepare(
  "latest_logs",
  sql<LogFilter>`SELECT execution_id, source, time, level, message FROM eventual_logs
   ORDER BY id DESC LIMIT ${limit}`,
);

/** The latest logs of one execution, newest first. */
const latestLogsOf = prepare(
  "latest_logs_of",
  sql<LogFilter>`SELECT execution_id, source, time, level, message FROM eventual_logs
   WHERE execution_id = ${executionId} ORDER BY id DESC LIMIT ${limit}`,
);

/**
 * The latest logs, newest first, under each filter given: a statement of its own, so the two
 * above keep their plans.
 */
const filteredLogs = prepare(
  "filtered_logs",
  sql<LogFilter>`SELECT execution_id, source, time, level, message FROM eventual_logs
   WHERE (${executionId} IS NULL OR execution_id = ${executionId})
     AND (${since} IS NULL OR time >= ${since})
     AND (${workflow} IS NULL OR execution_id IN
       (SELECT id FROM eventual_executions WHERE workflow_name = ${workflow}))
   ORDER BY id DESC LIMIT ${limit}`,
);

/** The logs the filter picks, the latest `limit` of them, in time order. */
export async function getLogs(pool: pg.Pool, filter: LogFilter): Promise<LogRecord[]> {
  const statement =
    filter.workflow !== undefined || filter.since !== undefined
      ? filteredLogs
      : filter.executionId === undefined
        ? latestLogs
        : latestLogsOf;
  const { rows } = await pool.query(bind(statement, filter));
  return (rows as LogRow[]).reverse().map(logFromRow);
}
