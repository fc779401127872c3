import type { SerializedError } from "@eventual/core";
import type {
  ActivityTask,
  DeliveryRecord,
  ExecutionRecord,
  LogRecord,
  NodeRecord,
  TimerRecord,
} from "@eventual/engine";

/**
 * What the SQL stores (SQLite, PostgreSQL) share: their tables' rows, as their drivers return them,
 * and how each maps to the engine's records. Times are epoch milliseconds; JSON columns hold values
 * exactly as the engine serialized them, SQL NULL meaning "absent" and the JSON text 'null', null.
 */

/** A value as a JSON column: SQL NULL for undefined, so that "absent" and `null` stay apart. */
export function toJson(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

/** Reads a JSON column back; NULL is undefined. */
export function fromJson<T = unknown>(text: string | null): T | undefined {
  return text === null ? undefined : (JSON.parse(text) as T);
}

export interface ExecutionRow {
  id: string;
  name: string;
  workflow_name: string;
  status: ExecutionRecord["status"];
  input: string | null;
  result: string | null;
  error: string | null;
  held: string | null;
  start_time: string;
  end_time: string | null;
  parent_id: string | null;
  parent_seq: number | null;
  history_length: number;
  /** Absent from rows of a database migrated before versions were recorded. */
  version?: string | null;
}

export function executionFromRow(row: ExecutionRow): ExecutionRecord {
  const record: ExecutionRecord = {
    id: row.id,
    name: row.name,
    workflowName: row.workflow_name,
    status: row.status,
    input: fromJson(row.input),
    startTime: row.start_time,
    historyLength: row.history_length,
  };
  if (row.input === null) delete record.input;
  if (row.result !== null) record.result = fromJson(row.result);
  if (row.error !== null) record.error = fromJson<SerializedError>(row.error);
  if (row.held !== null) record.held = fromJson<SerializedError>(row.held);
  if (row.end_time !== null) record.endTime = row.end_time;
  if (row.parent_id !== null) record.parentId = row.parent_id;
  if (row.parent_seq !== null) record.parentSeq = row.parent_seq;
  if (row.version != null) record.version = row.version;
  return record;
}

export interface ActivityRow {
  execution_id: string;
  seq: number;
  name: string;
  args: string;
  workflow_name: string;
  policy: string;
  attempt: number;
  scheduled_time: number;
  available_at: number;
}

export function activityFromRow(row: ActivityRow): ActivityTask {
  return {
    executionId: row.execution_id,
    seq: row.seq,
    name: row.name,
    args: JSON.parse(row.args),
    workflowName: row.workflow_name,
    policy: JSON.parse(row.policy),
    attempt: row.attempt,
    scheduledTime: row.scheduled_time,
    availableAt: row.available_at,
  };
}

export interface TimerRow {
  id: string;
  execution_id: string;
  due_time: number;
  event: string;
  key: string | null;
  activity_seq: number | null;
  retry_after_ms: number | null;
}

export function timerFromRow(row: TimerRow): TimerRecord {
  const timer: TimerRecord = {
    id: row.id,
    executionId: row.execution_id,
    dueTime: row.due_time,
    event: JSON.parse(row.event),
  };
  if (row.key !== null) timer.key = row.key;
  if (row.activity_seq !== null) timer.activitySeq = row.activity_seq;
  if (row.retry_after_ms !== null) timer.retryAfterMs = row.retry_after_ms;
  return timer;
}

export interface DeliveryRow {
  id: string;
  subscription: string;
  event_name: string;
  event: string | null;
  attempt: number;
  available_at: number;
  published_at: number;
  last_error: string | null;
  last_stack: string | null;
  dead: number;
  execution_id: string | null;
}

export function deliveryFromRow(row: DeliveryRow): DeliveryRecord {
  const delivery: DeliveryRecord = {
    id: row.id,
    subscription: row.subscription,
    eventName: row.event_name,
    event: fromJson(row.event),
    attempt: row.attempt,
    availableAt: row.available_at,
    publishedAt: row.published_at,
  };
  if (row.event === null) delete delivery.event;
  if (row.last_error !== null) delivery.lastError = fromJson<SerializedError>(row.last_error);
  if (row.last_stack !== null) delivery.lastStack = row.last_stack;
  if (row.dead) delivery.dead = true;
  if (row.execution_id !== null) delivery.executionId = row.execution_id;
  return delivery;
}

export interface LogRow {
  execution_id: string | null;
  source: string;
  time: number;
  level: LogRecord["level"];
  message: string;
}

export function logFromRow(row: LogRow): LogRecord {
  const log: LogRecord = {
    source: row.source,
    time: row.time,
    level: row.level,
    message: row.message,
  };
  if (row.execution_id !== null) log.executionId = row.execution_id;
  return log;
}

export interface NodeRow {
  id: string;
  host: string;
  pid: number;
  started_at: number;
  seen_at: number;
}

export function nodeParams(node: NodeRecord): NodeRow {
  return {
    id: node.id,
    host: node.host,
    pid: node.pid,
    started_at: node.startedAt,
    seen_at: node.seenAt,
  };
}

export function nodeFromRow(row: NodeRow): NodeRecord {
  return {
    id: row.id,
    host: row.host,
    pid: row.pid,
    startedAt: row.started_at,
    seenAt: row.seen_at,
  };
}
