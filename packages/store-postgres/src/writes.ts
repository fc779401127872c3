import type { Write, WriteOf, WriteResult } from "@eventual/engine";
import type { BatchKind } from "./commit-plan.js";
import { appendInbox } from "./sql/append-inbox.js";
import { appendLogs } from "./sql/append-logs.js";
import { awaitActivity } from "./sql/await-activity.js";
import { completeDelivery } from "./sql/complete-delivery.js";
import { createDeliveries } from "./sql/create-deliveries.js";
import { createExecution } from "./sql/create-execution.js";
import { deadLetterDelivery } from "./sql/dead-letter-delivery.js";
import { forgetReceivedEvents } from "./sql/forget-received-events.js";
import { heartbeatActivity } from "./sql/heartbeat-activity.js";
import { moveTimer } from "./sql/move-timer.js";
import { receiveEvent } from "./sql/receive-event.js";
import { redriveDelivery } from "./sql/redrive-delivery.js";
import { releaseWorkflowTask } from "./sql/release-workflow-task.js";
import { renewLeases } from "./sql/renew-leases.js";
import { retryActivity } from "./sql/retry-activity.js";
import { retryDelivery } from "./sql/retry-delivery.js";
import { setHold } from "./sql/set-hold.js";
import { setTimer } from "./sql/set-timer.js";
import { settleActivity } from "./sql/settle-activity.js";
import type { Transaction } from "./transaction.js";

/** A write of one statement: not of the kinds always sent in batches (`batches.ts`). */
export type SimpleWrite = Exclude<Write, { type: BatchKind }>;

/** The operation that applies each kind of simple write. */
const operations: {
  [K in SimpleWrite["type"]]: (tx: Transaction, write: WriteOf<K>) => Promise<WriteResult>;
} = {
  createExecution: createExecution,
  appendInbox: appendInbox,
  releaseWorkflowTask: releaseWorkflowTask,
  setHold: setHold,
  settleActivity: settleActivity,
  moveTimer: moveTimer,
  retryActivity: retryActivity,
  awaitActivity: awaitActivity,
  heartbeatActivity: heartbeatActivity,
  setTimer: setTimer,
  createDeliveries: (tx, write) => createDeliveries(tx, write.deliveries),
  receiveEvent: receiveEvent,
  forgetReceivedEvents: forgetReceivedEvents,
  completeDelivery: completeDelivery,
  retryDelivery: retryDelivery,
  deadLetterDelivery: deadLetterDelivery,
  redriveDelivery: redriveDelivery,
  appendLogs: (tx, write) => appendLogs(tx, write.logs),
  renewLeases: renewLeases,
};

/**
 * Sends the one statement that applies `write` and reads its result from the answer. Writes are
 * pipelined: each sees the ones sent before it, and none waits for another's answer.
 */
export function applyWrite(tx: Transaction, write: SimpleWrite): Promise<WriteResult> {
  const operation = operations[write.type] as (
    tx: Transaction,
    write: Write,
  ) => Promise<WriteResult>;
  return operation(tx, write);
}
