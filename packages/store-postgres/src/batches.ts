import type { Write, WriteResult } from "@eventual/engine";
import { toJson } from "@eventual/store-sql/rows";
import * as sql from "./batch-statements.js";
import type { BatchKind } from "./commit-plan.js";
import { activityParams, executionParams, timerColumns } from "./rows.js";
import type { Transaction } from "./transaction.js";

type RequireNewExecution = Extract<Write, { type: "requireNewExecution" }>;
type StartExecution = Extract<Write, { type: "startExecution" }>;
type CompleteTask = Extract<Write, { type: "completeWorkflowTask" }>;
type ScheduleActivity = Extract<Write, { type: "scheduleActivity" }>;
type SettleActivity = Extract<Write, { type: "settleActivity" }>;
type SettleTimer = Extract<Write, { type: "settleTimer" }>;

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
  switch (kind) {
    case "requireNewExecution": {
      const ids = (writes as RequireNewExecution[]).map((write) => write.executionId);
      return tx.run(sql.requireNewExecutions, [ids], () => []);
    }
    case "startExecution":
      return tx.run(sql.startExecutions, startParams(writes as StartExecution[]), () =>
        writes.map(() => "created"),
      );
    case "requireTask":
      return tx.run(sql.requireTasks, requireParams(writes as CompleteTask[]), () => []);
    case "settleIntoHistory": {
      const settled = writes as SettleActivity[];
      const values = [settled.map((w) => w.executionId), settled.map((w) => w.seq)];
      return tx.run(sql.settleActivitiesIntoHistory, values, () => []);
    }
    case "settleTimer":
      return tx.run(sql.settleTimers, [(writes as SettleTimer[]).map((w) => w.id)], () => []);
    case "completeTask":
      return tx.run(sql.completeWorkflowTasks, completeParams(writes as CompleteTask[]), () => []);
    case "scheduleActivity":
      return scheduleActivities(tx, writes as ScheduleActivity[]);
  }
}

/** The writes a refusal from a batch names, or undefined if it names none. */
export function refusedWrites(writes: Write[], error: unknown): Write[] | undefined {
  const { detail } = error as { detail?: string };
  if (!detail) return undefined;
  const refused = detail.split(",").map((ordinal) => writes[Number(ordinal) - 1]);
  return refused.every((write) => write !== undefined) ? refused : undefined;
}

function startParams(starts: StartExecution[]): unknown[] {
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

function requireParams(tasks: CompleteTask[]): unknown[] {
  return [
    tasks.map((task) => task.executionId),
    tasks.map((task) => (task.unclaimed ? null : task.owner)),
    tasks.map((task) => task.unclaimed?.now ?? null),
    tasks.map((task) => task.expectedHistoryLength),
  ];
}

function completeParams(tasks: CompleteTask[]): unknown[] {
  const history = tasks.flatMap((task) =>
    task.history.map((event, index) => ({
      id: task.executionId,
      position: task.expectedHistoryLength + index,
      event: JSON.stringify(event),
    })),
  );
  return [
    history.map((row) => row.id),
    history.map((row) => row.position),
    history.map((row) => row.event),
    tasks.flatMap((task) => task.consumed),
    tasks.filter((task) => task.ended).map((task) => task.executionId),
    tasks.map((task) => task.executionId),
    tasks.map((task) => task.expectedHistoryLength + task.history.length),
    tasks.map((task) => task.held !== undefined),
    tasks.map((task) => toJson(task.held ?? undefined)),
    tasks.map((task) => task.ended?.status ?? null),
    tasks.map((task) => toJson(task.ended?.result)),
    tasks.map((task) => toJson(task.ended?.error)),
    tasks.map((task) => task.ended?.endTime ?? null),
  ];
}

function scheduleActivities(tx: Transaction, writes: ScheduleActivity[]): Promise<WriteResult[]> {
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
