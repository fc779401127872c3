import type {
  ActivityTask,
  DeliveryRecord,
  ExecutionRecord,
  LogRecord,
  TimerRecord,
} from "@eventual/engine";
import { toJson } from "@eventual/store-sql/rows";

export * from "@eventual/store-sql/rows";

/**
 * How each table's rows look, and how they map to the engine's records. Parameters go out in the
 * order of the columns they fill; BIGINT columns come back as numbers (see `database.ts`).
 */

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

/**
 * Timers as one array per column (id, execution_id, due_time, event, key, activity_seq,
 * retry_after_ms), for an
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
    rows.map((timer) => timer.retryAfterMs ?? null),
  ];
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
