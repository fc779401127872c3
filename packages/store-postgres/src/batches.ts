import type { Write, WriteResult } from "@eventual/engine";
import { toJson } from "@eventual/store-sql/rows";
import * as sql from "./batch-statements.js";
import type { BatchKind } from "./commit-plan.js";
import { activityParams, executionParams, timerColumns } from "./rows.js";
import type { Transaction } from "./transaction.js";
import { deleteTimers } from "./write-statements.js";

type Of<K extends Write["type"]> = Extract<Write, { type: K }>;

/**
 * Sends the one statement that applies a batch of writes of `kind`; its answer settles one
 * result per write, in order. A batch that checks its writes aborts the transaction when one
 * fails, and the error's DETAIL names the ones that did (see `refusedWrites`).
 */
export function sendBatch(
  tx: Transaction,
  kind: BatchKind,
  writes: Write[],
): Promise<WriteResult>[] {
  const answer = send(tx, kind, writes);
  return writes.map((_, index) => {
    const result = answer.then((results) => results[index] ?? "ok");
    // The transaction reports the failure; a result nobody awaits must not be unhandled.
    result.catch(() => {});
    return result;
  });
}

function send(tx: Transaction, kind: BatchKind, writes: Write[]): Promise<WriteResult[]> {
  const none = () => [];
  switch (kind) {
    case "requireNewExecution": {
      const ids = (writes as Of<"requireNewExecution">[]).map((write) => write.executionId);
      return tx.run(sql.requireNewExecutions, [ids], none);
    }
    case "startExecution":
      return tx.run(sql.startExecutions, startParams(writes as Of<"startExecution">[]), () =>
        writes.map(() => "created"),
      );
    case "requireTask":
      return tx.run(sql.requireTasks, requireParams(writes as Of<"requireTask">[]), none);
    case "appendHistory":
      return tx.run(sql.appendHistories, appendParams(writes as Of<"appendHistory">[]), none);
    case "requireActivity":
      return tx.run(sql.requireActivities, activityKeys(writes as Of<"requireActivity">[]), none);
    case "removeActivity":
      return tx.run(
        sql.removeActivities,
        activityKeys(writes as Of<"removeActivity">[]),
        (result) =>
          (result.rows as { removed: boolean }[]).map((row) => (row.removed ? "ok" : "stale")),
      );
    case "requireTimer": {
      const ids = (writes as Of<"requireTimer">[]).map((write) => write.id);
      return tx.run(sql.requireTimers, [ids], none);
    }
    case "deleteTimer": {
      const ids = (writes as Of<"deleteTimer">[]).map((write) => write.id);
      return tx.run(deleteTimers, [ids], none);
    }
    case "scheduleActivity":
      return scheduleActivities(tx, writes as Of<"scheduleActivity">[]);
    case "takeActivity":
      return tx.run(sql.takeActivities, activityKeys(writes as Of<"removeActivity">[]), none);
    case "takeTimer": {
      const ids = (writes as Of<"deleteTimer">[]).map((write) => write.id);
      return tx.run(sql.takeTimers, [ids], none);
    }
  }
}

function activityKeys(writes: { executionId: string; seq: number }[]): unknown[] {
  return [writes.map((write) => write.executionId), writes.map((write) => write.seq)];
}

/** The writes a refusal from a batch names, or undefined if it names none. */
export function refusedWrites(writes: Write[], error: unknown): Write[] | undefined {
  const { detail } = error as { detail?: string };
  if (!detail) return undefined;
  const refused = detail.split(",").map((ordinal) => writes[Number(ordinal) - 1]);
  return refused.every((write) => write !== undefined) ? refused : undefined;
}

function startParams(starts: Of<"startExecution">[]): unknown[] {
  const rows = starts.map(({ execution, history, ended }) => [
    ...executionParams({ ...execution, status: ended?.status ?? execution.status }),
    history.length,
    ended ? toJson(ended.result) : null,
    ended ? toJson(ended.error) : null,
    ended?.endTime ?? null,
  ]);
  const history = starts.flatMap(({ execution, history }) =>
    history.map((event, position) => ({ id: execution.id, position, event })),
  );
  return [
    ...transpose(rows),
    history.map((row) => row.id),
    history.map((row) => row.position),
    history.map((row) => JSON.stringify(row.event)),
    ...timerColumns(starts.flatMap((start) => start.timers ?? [])),
  ];
}

function requireParams(tasks: Of<"requireTask">[]): unknown[] {
  return [
    tasks.map((task) => task.executionId),
    tasks.map((task) => ("owner" in task.lease ? task.lease.owner : null)),
    tasks.map((task) => ("freeAt" in task.lease ? task.lease.freeAt : null)),
    tasks.map((task) => task.historyLength),
  ];
}

function appendParams(steps: Of<"appendHistory">[]): unknown[] {
  const history = steps.flatMap((step) =>
    step.history.map((event, index) => ({
      id: step.executionId,
      position: step.historyLength + index,
      event: JSON.stringify(event),
    })),
  );
  return [
    history.map((row) => row.id),
    history.map((row) => row.position),
    history.map((row) => row.event),
    steps.flatMap((step) => step.consumed),
    steps.filter((step) => step.ended).map((step) => step.executionId),
    steps.map((step) => step.executionId),
    steps.map((step) => step.historyLength + step.history.length),
    steps.map((step) => step.held !== undefined),
    steps.map((step) => toJson(step.held ?? undefined)),
    steps.map((step) => step.ended?.status ?? null),
    steps.map((step) => toJson(step.ended?.result)),
    steps.map((step) => toJson(step.ended?.error)),
    steps.map((step) => step.ended?.endTime ?? null),
  ];
}

function scheduleActivities(
  tx: Transaction,
  writes: Of<"scheduleActivity">[],
): Promise<WriteResult[]> {
  const rows = writes.map((write) => [
    ...activityParams(write.task),
    write.claim?.owner ?? null,
    write.claim?.leaseUntil ?? null,
  ]);
  const timers = timerColumns(writes.flatMap((write) => write.timers ?? []));
  return tx.run(sql.scheduleActivities, [...transpose(rows), ...timers], (result) => {
    const results: WriteResult[] = [];
    for (const row of result.rows) {
      const status = running(row.status);
      results[Number(row.ord) - 1] = status === "ok" && !row.stored ? "duplicate" : status;
    }
    return results;
  });
}

/** Rows of parameters as one array per column, for `unnest`. */
function transpose(rows: unknown[][]): unknown[][] {
  return rows[0]!.map((_, column) => rows.map((row) => row[column]));
}

/** `ok` for a running execution; otherwise why nothing was written for it. */
export function running(status: string | null): "ok" | "ended" | "not_found" {
  if (status === null) return "not_found";
  return status === "IN_PROGRESS" ? "ok" : "ended";
}
