import type { SerializedError } from "@eventual/core";
import type {
  ActivityTask,
  DeliveryRecord,
  ExecutionRecord,
  LogRecord,
  TimerRecord,
} from "@eventual/engine";
import { fromJson, toJson } from "./json.js";

/** How each table's rows look, and how they map to the engine's records. */

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
  if (row.input === null) delete record.input;
  if (row.result !== null) record.result = fromJson(row.result);
  if (row.error !== null) record.error = fromJson<SerializedError>(row.error);
  if (row.held !== null) record.held = fromJson<SerializedError>(row.held);
  if (row.end_time !== null) record.endTime = row.end_time;
  if (row.parent_id !== null) record.parentId = row.parent_id;
  if (row.parent_seq !== null) record.parentSeq = row.parent_seq;
  return record;
}

export function executionParams(execution: ExecutionRecord) {
  return {
    id: execution.id,
    name: execution.name,
    workflow_name: execution.workflowName,
    status: execution.status,
    input: toJson(execution.input),
    start_time: execution.startTime,
    parent_id: execution.parentId ?? null,
    parent_seq: execution.parentSeq ?? null,
  };
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

export function activityParams(task: ActivityTask) {
  return {
    execution_id: task.executionId,
    seq: task.seq,
    name: task.name,
    args: JSON.stringify(task.args),
    workflow_name: task.workflowName,
    policy: JSON.stringify(task.policy),
    attempt: task.attempt,
    scheduled_time: task.scheduledTime,
    available_at: task.availableAt,
  };
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

export function timerParams(timer: TimerRecord): TimerRow {
  return {
    id: timer.id,
    execution_id: timer.executionId,
    due_time: timer.dueTime,
    event: JSON.stringify(timer.event),
    key: timer.key ?? null,
    activity_seq: timer.activitySeq ?? null,
  };
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
  if (row.dead) delivery.dead = true;
  if (row.execution_id !== null) delivery.executionId = row.execution_id;
  return delivery;
}

export function deliveryParams(delivery: DeliveryRecord) {
  return {
    id: delivery.id,
    subscription: delivery.subscription,
    event_name: delivery.eventName,
    event: toJson(delivery.event),
    attempt: delivery.attempt,
    available_at: delivery.availableAt,
    published_at: delivery.publishedAt,
    last_error: toJson(delivery.lastError),
    dead: delivery.dead ? 1 : 0,
    execution_id: delivery.executionId ?? null,
  };
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

export function logParams(log: LogRecord): LogRow {
  return {
    execution_id: log.executionId ?? null,
    source: log.source,
    time: log.time,
    level: log.level,
    message: log.message,
  };
}
