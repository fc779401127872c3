import type { SerializedError } from "@eventual/core";
import type {
  ActivityTask,
  DeliveryRecord,
  ExecutionRecord,
  LogRecord,
  TimerRecord,
} from "@eventual/engine";
import { fromJson, toJson } from "./json.js";

/**
 * How each table's rows look, and how they map to the engine's records. Parameters go out in the
 * order of the columns they fill; BIGINT columns come back as numbers (see `database.ts`).
 */

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
  // Absent stays absent: an execution started without input has no `input` key at all.
  if (row.input === null) delete record.input;
  if (row.result !== null) record.result = fromJson(row.result);
  if (row.error !== null) record.error = fromJson<SerializedError>(row.error);
  if (row.held !== null) record.held = fromJson<SerializedError>(row.held);
  if (row.end_time !== null) record.endTime = row.end_time;
  if (row.parent_id !== null) record.parentId = row.parent_id;
  if (row.parent_seq !== null) record.parentSeq = row.parent_seq;
  return record;
}

/** id, name, workflow_name, status, input, start_time, parent_id, parent_seq. */
export function executionParams(execution: ExecutionRecord): unknown[] {
  return [
    execution.id,
    execution.name,
    execution.workflowName,
    execution.status,
    toJson(execution.input),
    execution.startTime,
    execution.parentId ?? null,
    execution.parentSeq ?? null,
  ];
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

/** execution_id, seq, name, args, workflow_name, policy, attempt, scheduled_time, available_at. */
export function activityParams(task: ActivityTask): unknown[] {
  return [
    task.executionId,
    task.seq,
    task.name,
    JSON.stringify(task.args),
    task.workflowName,
    JSON.stringify(task.policy),
    task.attempt,
    task.scheduledTime,
    task.availableAt,
  ];
}

export interface TimerRow {
  id: string;
  execution_id: string;
  due_time: number;
  event: string;
  key: string | null;
  activity_seq: number | null;
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
  return timer;
}

/**
 * Timers as one array per column (id, execution_id, due_time, event, key, activity_seq), for an
 * `unnest` insert. A later timer replaces an earlier one with its id, as separate writes would.
 */
export function timerColumns(timers: readonly TimerRecord[] = []): unknown[][] {
  const byId = new Map(timers.map((timer) => [timer.id, timer]));
  const rows = [...byId.values()];
  return [
    rows.map((timer) => timer.id),
    rows.map((timer) => timer.executionId),
    rows.map((timer) => timer.dueTime),
    rows.map((timer) => JSON.stringify(timer.event)),
    rows.map((timer) => timer.key ?? null),
    rows.map((timer) => timer.activitySeq ?? null),
  ];
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
  dead: boolean;
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
  if (row.dead) delivery.dead = true;
  if (row.execution_id !== null) delivery.executionId = row.execution_id;
  return delivery;
}

/**
 * Deliveries as one array per column (id, subscription, event_name, event, attempt, available_at,
 * published_at, last_error, dead, execution_id), for an `unnest` insert.
 */
export function deliveryColumns(deliveries: readonly DeliveryRecord[]): unknown[][] {
  return [
    deliveries.map((d) => d.id),
    deliveries.map((d) => d.subscription),
    deliveries.map((d) => d.eventName),
    deliveries.map((d) => toJson(d.event)),
    deliveries.map((d) => d.attempt),
    deliveries.map((d) => d.availableAt),
    deliveries.map((d) => d.publishedAt),
    deliveries.map((d) => toJson(d.lastError)),
    deliveries.map((d) => d.dead === true),
    deliveries.map((d) => d.executionId ?? null),
  ];
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

/**
 * Logs as one array per column (execution_id, source, time, level, message), in order. PostgreSQL
 * text cannot hold U+0000, which console output may: it becomes U+FFFD rather than failing the
 * commit that carries it, again on every retry.
 */
export function logColumns(logs: readonly LogRecord[]): unknown[][] {
  return [
    logs.map((log) => log.executionId ?? null),
    logs.map((log) => log.source),
    logs.map((log) => log.time),
    logs.map((log) => log.level),
    logs.map((log) => log.message.replaceAll("\u0000", "\uFFFD")),
  ];
}
