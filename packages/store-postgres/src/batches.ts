import type { Write, WriteOf, WriteResult } from "@eventual/engine";
import type { BatchKind } from "./commit-plan.js";
import { appendHistories } from "./sql/append-histories.js";
import { deleteTimers } from "./sql/delete-timers.js";
import { removeActivities } from "./sql/remove-activities.js";
import { requireActivities } from "./sql/require-activities.js";
import { requireNewExecutions } from "./sql/require-new-executions.js";
import { requireTasks } from "./sql/require-tasks.js";
import { requireTimers } from "./sql/require-timers.js";
import { scheduleActivities } from "./sql/schedule-activities.js";
import { startExecutions } from "./sql/start-executions.js";
import { takeActivities } from "./sql/take-activities.js";
import { takeTimers } from "./sql/take-timers.js";
import type { Transaction } from "./transaction.js";

/**
 * Sends the one statement that applies a batch of writes of `kind`; its answer holds one result
 * per write, in order (`ok` where it says nothing). A batch that checks its writes aborts the
 * transaction when one fails, and the error's DETAIL names the ones that did (see
 * `refusedWrites`).
 */
export function sendBatch(
  tx: Transaction,
  kind: BatchKind,
  writes: Write[],
): Promise<WriteResult[]> {
  // A batch holds writes of its kind only (see `plannedGroup`).
  const operation = operations[kind] as (
    tx: Transaction,
    writes: Write[],
  ) => Promise<WriteResult[]>;
  return operation(tx, writes);
}

/** The operation that applies each kind; a fused kind's writes are those after their guards. */
const operations: {
  [K in BatchKind]: (
    tx: Transaction,
    writes: readonly WriteOf<BatchWriteType<K>>[],
  ) => Promise<WriteResult[]>;
} = {
  requireNewExecution: requireNewExecutions,
  startExecution: startExecutions,
  requireTask: requireTasks,
  appendHistory: appendHistories,
  requireActivity: requireActivities,
  removeActivity: removeActivities,
  requireTimer: requireTimers,
  deleteTimer: deleteTimers,
  scheduleActivity: scheduleActivities,
  takeActivity: takeActivities,
  takeTimer: takeTimers,
};

/** The type of the writes a batch of `kind` holds. */
type BatchWriteType<K extends BatchKind> = K extends "takeActivity"
  ? "removeActivity"
  : K extends "takeTimer"
    ? "deleteTimer"
    : K;

/** The writes a refusal from a batch names, or undefined if it names none. */
export function refusedWrites(writes: Write[], error: unknown): Write[] | undefined {
  const { detail } = error as { detail?: string };
  if (!detail) return undefined;
  const refused = detail.split(",").map((ordinal) => writes[Number(ordinal) - 1]);
  return refused.every((write) => write !== undefined) ? refused : undefined;
}
