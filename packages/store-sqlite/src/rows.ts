import type {
  ActivityTask,
  DeliveryRecord,
  ExecutionRecord,
  LogRecord,
  TimerRecord,
} from "@eventual/engine";
import type { LogRow, TimerRow } from "@eventual/store-sql/rows";
import { toJson } from "@eventual/store-sql/rows";

export * from "@eventual/store-sql/rows";

/** How each table's rows look, and how they map to the engine's records. */

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
    version: execution.version ?? null,
  };
}

/** A task's columns but its execution's, which the insert takes from the execution's row. */
export function activityParams(task: ActivityTask) {
  return {
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

export function timerParams(timer: TimerRecord): TimerRow {
  return {
    id: timer.id,
    execution_id: timer.executionId,
    due_time: timer.dueTime,
    event: JSON.stringify(timer.event),
    key: timer.key ?? null,
    activity_seq: timer.activitySeq ?? null,
    retry_after_ms: timer.retryAfterMs ?? null,
  };
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

export function logParams(log: LogRecord): LogRow {
  return {
    execution_id: log.executionId ?? null,
    source: log.source,
    time: log.time,
    level: log.level,
    message: log.message,
  };
}
