import type { InputEvent, Write, WriteResult } from "@eventual/engine";
import { completionKey } from "@eventual/engine";
import { toJson } from "@eventual/store-sql/rows";
import type pg from "pg";
import { running } from "./batches.js";
import type { BatchKind } from "./commit-plan.js";
import { deliveryColumns, executionParams, logColumns, timerColumns } from "./rows.js";
import type { Transaction } from "./transaction.js";
import * as sql from "./write-statements.js";

/** A write of one statement: not of the kinds always sent in batches (`batches.ts`). */
export type SimpleWrite = Exclude<Write, { type: BatchKind }>;

/**
 * Sends the one statement that applies `write` and reads its result from the answer. Writes are
 * pipelined: each sees the ones sent before it, and none waits for another's answer.
 */
export function applyWrite(tx: Transaction, write: SimpleWrite): Promise<WriteResult> {
  switch (write.type) {
    case "createExecution":
      return tx.run(
        sql.createExecution,
        [
          ...executionParams(write.execution),
          JSON.stringify(write.started),
          ...timerColumns(write.timers),
        ],
        (result) => (firstRow(result).created ? "created" : "exists"),
      );
    case "appendInbox":
      return appendInbox(tx, write.executionId, write.event, write.key);
    case "releaseWorkflowTask":
      return tx.run(sql.releaseWorkflowTask, [write.executionId, write.owner], changed);
    case "releaseHolds":
      return tx.run(sql.releaseHolds, [], () => "ok");
    case "settleActivity":
      return settleActivity(tx, write.executionId, write.seq, write.event);
    case "moveTimer":
      return tx.run(sql.moveTimer, [write.id, write.dueTime], changed);
    case "retryActivity":
      return retryActivity(tx, write);
    case "awaitActivity":
      return tx.run(sql.awaitActivity, [write.executionId, write.seq], changed);
    case "heartbeatActivity":
      return tx.run(
        sql.heartbeatActivity,
        [write.executionId, write.seq, ...timerColumns(write.timer ? [write.timer] : [])],
        (result) => (firstRow(result).found ? "ok" : "stale"),
      );
    case "setTimer":
      return tx.run(
        sql.setTimer,
        [write.timer.executionId, ...timerColumns([write.timer])],
        (result) => running(firstRow(result).status),
      );
    case "createDeliveries":
      return tx.run(sql.createDeliveries, deliveryColumns(write.deliveries), () => "ok");
    case "completeDelivery":
      return tx.run(sql.completeDelivery, [write.id], changed);
    case "retryDelivery":
      return tx.run(sql.retryDelivery, [write.id, write.availableAt, toJson(write.error)], changed);
    case "deadLetterDelivery":
      return tx.run(sql.deadLetterDelivery, [write.id, toJson(write.error)], changed);
    case "redriveDelivery":
      return tx.run(sql.redriveDelivery, [write.id, write.availableAt], changed);
    case "appendLogs":
      return tx.run(sql.appendLogs, logColumns(write.logs), () => "ok");
    case "renewLeases":
      return tx.run(
        sql.renewLeases,
        [
          write.owner,
          write.until,
          write.activities.map((activity) => activity.executionId),
          write.activities.map((activity) => activity.seq),
          write.deliveries,
        ],
        () => "ok",
      );
  }
}

export function appendInbox(
  tx: Transaction,
  executionId: string,
  event: InputEvent,
  key?: string,
): Promise<WriteResult> {
  return tx.run(sql.appendInbox, [executionId, JSON.stringify(event), key ?? null], (result) => {
    const row = firstRow(result);
    const status = running(row.status);
    if (status !== "ok") return status;
    return row.appended ? "ok" : "duplicate";
  });
}

/**
 * Releases an activity task for its next attempt, appending the failed attempt's record under
 * its key if there is one: `stale` if the task is gone.
 */
export function retryActivity(
  tx: Transaction,
  retry: {
    executionId: string;
    seq: number;
    availableAt: number;
    event?: InputEvent;
    key?: string;
  },
): Promise<WriteResult> {
  const { executionId, seq, availableAt, event, key } = retry;
  const values = [executionId, seq, availableAt, toJson(event), key ?? null];
  return tx.run(sql.retryActivity, values, (result) => (firstRow(result).retried ? "ok" : "stale"));
}

/** Settles an activity under its completion key: `stale` if the task is gone or the key used. */
export function settleActivity(
  tx: Transaction,
  executionId: string,
  seq: number,
  event: InputEvent,
): Promise<WriteResult> {
  const values = [executionId, seq, JSON.stringify(event), completionKey(seq)];
  return tx.run(sql.settleActivity, values, (result) =>
    firstRow(result).appended ? "ok" : "stale",
  );
}

function changed(result: pg.QueryResult): WriteResult {
  return (result.rowCount ?? 0) > 0 ? "ok" : "stale";
}

export function firstRow(result: pg.QueryResult) {
  const [row] = result.rows;
  if (!row) throw new Error("A statement that always answers one row answered none.");
  return row;
}
