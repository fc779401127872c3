import { raw, type Sql } from "./sql.js";

/**
 * The columns `rows.ts` reads from each table, named rather than `*`: a column a later migration
 * adds then changes no prepared statement's result, on nodes still running the older code.
 */
export const tableColumns = {
  execution: [
    "id",
    "name",
    "workflow_name",
    "status",
    "input",
    "result",
    "error",
    "held",
    "start_time",
    "end_time",
    "parent_id",
    "parent_seq",
    "history_length",
    "version",
  ],
  activity: [
    "execution_id",
    "seq",
    "name",
    "args",
    "workflow_name",
    "policy",
    "attempt",
    "scheduled_time",
    "available_at",
  ],
  timer: ["id", "execution_id", "due_time", "event", "key", "activity_seq", "retry_after_ms"],
  delivery: [
    "id",
    "subscription",
    "event_name",
    "event",
    "attempt",
    "available_at",
    "published_at",
    "last_error",
    "last_stack",
    "dead",
    "execution_id",
  ],
  node: ["id", "host", "pid", "started_at", "seen_at"],
} as const;

/** A table's columns for a select list or `RETURNING`, each prefixed with `alias.` if given. */
export const columnList = (table: keyof typeof tableColumns, alias?: string): Sql<unknown> =>
  raw(tableColumns[table].map((name) => (alias ? `${alias}.${name}` : name)).join(", "));
