import type { ExecutionCursor, ExecutionRecord } from "@eventual/engine";
import { type ExecutionRow, executionFromRow } from "@eventual/store-sql/rows";
import type pg from "pg";
import { columnList } from "./columns.js";
import { bind, join, param, prepare, raw, type Sql, type Statement, sql } from "./sql.js";

/** A page to read: its filters, where it starts, its order and size. */
export interface Page {
  workflow?: string;
  status?: string;
  held?: boolean;
  after?: ExecutionCursor;
  descending: boolean;
  limit: number;
}

const limit = param("int", (page: Page) => page.limit);
const workflow = param("text", (page: Page) => page.workflow);
const status = param("text", (page: Page) => page.status);
const afterTime = param("text", (page: Page) => page.after?.startTime);
const afterId = param("text", (page: Page) => page.after?.id);

/** Each combination of filters is its own statement, so each keeps a plan that uses its index. */
const statements = new Map<string, Statement<Page>>();

function statementFor(page: Page): Statement<Page> {
  const conditions: Sql<Page>[] = [];
  const name = ["list_executions"];
  if (page.workflow !== undefined) {
    conditions.push(sql`workflow_name = ${workflow}`);
    name.push("workflow");
  }
  if (page.status !== undefined) {
    conditions.push(sql`status = ${status}`);
    name.push("status");
  }
  if (page.held !== undefined) {
    conditions.push(raw(page.held ? "held IS NOT NULL" : "held IS NULL"));
    name.push(page.held ? "held" : "unheld");
  }
  if (page.after) {
    conditions.push(
      sql`(start_time, id) ${raw(page.descending ? "<" : ">")} (${afterTime}, ${afterId})`,
    );
    name.push("after");
  }
  const order = page.descending ? "desc" : "asc";
  name.push(order);
  const key = name.join("_");
  let statement = statements.get(key);
  if (!statement) {
    const where = conditions.length > 0 ? sql`WHERE ${join(conditions, " AND ")}` : raw("");
    statement = prepare(
      key,
      sql<Page>`SELECT ${columnList("execution")} FROM eventual_executions ${where}
        ORDER BY start_time ${raw(order)}, id ${raw(order)} LIMIT ${limit}`,
    );
    statements.set(key, statement);
  }
  return statement;
}

/**
 * A page of executions in (start_time, id) order, both COLLATE "C" columns, so the order is code
 * units whatever the database's locale.
 */
export async function listExecutions(pool: pg.Pool, page: Page): Promise<ExecutionRecord[]> {
  const { rows } = await pool.query(bind(statementFor(page), page));
  return (rows as ExecutionRow[]).map(executionFromRow);
}
