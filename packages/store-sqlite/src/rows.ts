import type {
  DeliveryRecord,
  ExecutionRecord,
  LogRecord,
  TimerRecord,
  Write,
} from "@eventual/engine";
import type { LogRow, TimerRow } from "@eventual/store-sql/rows";
import { toJson } from "@eventual/store-sql/rows";

export * from "@eventual/store-sql/rows";

/** How each table's rows look, and how they map to the engine's records. */

/** A value a statement binds by position. */
export type SqlValue = string | number | null;

/** The values of `insertExecution`, in its columns' order. */
export function executionValues(execution: ExecutionRecord): SqlValue[] {
  return [
    execution.id,
    execution.name,
    execution.workflowName,
    execution.status,
    toJson(execution.input),
    execution.startTime,
    execution.parentId ?? null,
    execution.parentSeq ?? null,
    execution.version ?? null,
  ];
}

/**
 * The values of `insertActivity`, in its columns' order: the task's but its execution's, which
 * the insert takes from the row of the execution `key`, then the claim, then `key`.
 */
export function activityValues(
  { task, claim }: Extract<Write, { type: "scheduleActivity" }>,
  key: number | null,
): SqlValue[] {
  return [
    task.seq,
    task.name,
    JSON.stringify(task.args),
    task.workflowName,
    JSON.stringify(task.policy),
    task.attempt,
    task.scheduledTime,
    task.availableAt,
    claim?.owner ?? null,
    claim?.leaseUntil ?? null,
    key,
  ];
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
    last_stack: delivery.lastStack ?? null,
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
