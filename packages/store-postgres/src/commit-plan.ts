import type { Write } from "@eventual/engine";

/**
 * The kinds of write a commit sends many of at once, one statement for all of them: the ones a
 * workflow step makes, its guards among them. A `startExecution` refuses an id that exists as
 * its `requireNewExecution` does: two nodes starting one id may both find it free before either
 * inserts it.
 */
export type BatchKind = (typeof batchKinds)[number] | FusedKind;

const batchKinds = [
  "requireNewExecution",
  "startExecution",
  "requireTask",
  "appendHistory",
  "requireActivity",
  "removeActivity",
  "requireTimer",
  "deleteTimer",
  "scheduleActivity",
] as const satisfies readonly Write["type"][];

/**
 * A guard and the write right after it that removes what it guards (or, for a start, inserts the
 * id it requires), sent as one statement that refuses when the row is missing (or present): the
 * guard at no cost of its own on the hot path.
 */
type FusedKind = "takeActivity" | "takeTimer";

/**
 * The kinds whose statement aborts the commit when a write fails (the guards, and starts), and
 * what that decides for the write's group.
 */
export const refusalOf: Partial<Record<BatchKind, "exists" | "conflict">> = {
  requireNewExecution: "exists",
  startExecution: "exists",
  requireTask: "conflict",
  requireActivity: "conflict",
  requireTimer: "conflict",
  takeActivity: "conflict",
  takeTimer: "conflict",
};

/** One statement of a commit: a batch of writes of one kind, or a write of its own. */
export type Slot = { kind: BatchKind; writes: Write[] } | { kind: "single"; writes: [Write] };

/** A write as the plan places it: the statement kind it goes into. */
export interface PlannedWrite {
  kind: BatchKind | "single";
  write: Write;
  /** The guard checked by this write's statement, fused into it (see `FusedKind`). */
  guard?: Write;
}

const batched: ReadonlySet<string> = new Set(batchKinds);

/** How a write is planned: into the batch of its kind, or as a statement of its own. */
export function plannedWrite(write: Write): PlannedWrite {
  return { kind: batched.has(write.type) ? (write.type as BatchKind) : "single", write };
}

/** How a group's writes are planned: each as `plannedWrite`, a guard fused into its write. */
export function plannedGroup(group: readonly Write[]): PlannedWrite[] {
  const planned: PlannedWrite[] = [];
  for (let index = 0; index < group.length; index++) {
    const guard = group[index]!;
    const next = group[index + 1];
    const kind = next && fusedKind(guard, next);
    if (kind) {
      planned.push({ kind, write: next, guard });
      index++;
    } else {
      planned.push(plannedWrite(guard));
    }
  }
  return planned;
}

function fusedKind(guard: Write, next: Write): BatchKind | undefined {
  if (guard.type === "requireActivity" && next.type === "removeActivity") {
    const same = guard.executionId === next.executionId && guard.seq === next.seq;
    return same ? "takeActivity" : undefined;
  }
  if (guard.type === "requireTimer" && next.type === "deleteTimer") {
    return guard.id === next.id ? "takeTimer" : undefined;
  }
  if (guard.type === "requireNewExecution" && next.type === "startExecution") {
    return guard.executionId === next.execution.id ? "startExecution" : undefined;
  }
  return undefined;
}

/**
 * Orders a commit's writes into statements, batching writes of a kind across groups.
 *
 * A write may move ahead of writes that touch other executions, never past one that touches its
 * own: it goes into the first batch of its kind after the last statement that touches any
 * execution it does, or a new statement there. So every execution sees its writes in the order
 * they were given, and the commit's outcome is the one sending them one by one would have, while
 * the fifteen or so workflow steps a commit carries under load cost about eight statements rather
 * than fifty.
 * Writes that touch no one execution (deliveries, timers by id, leases) keep their place among
 * all others.
 */
export function planCommit(writes: readonly PlannedWrite[]): Slot[] {
  const slots: Slot[] = [];
  const last = new Map<string, Slot>();
  let floor: Slot | undefined;
  for (const planned of writes) {
    const keys = keysOf(planned.write);
    if (keys === undefined) {
      floor = { kind: "single", writes: [planned.write] };
      slots.push(floor);
      continue;
    }
    const after = Math.max(
      floor ? slots.indexOf(floor) : -1,
      ...keys.map((key) => (last.has(key) ? slots.indexOf(last.get(key)!) : -1)),
    );
    const slot = joinBatch(slots, after, planned) ?? insertSlot(slots, after, planned);
    for (const key of keys) last.set(key, slot);
  }
  return slots;
}

/** The first batch of the write's kind it may join: after `after`, or at it when no row repeats. */
function joinBatch(slots: Slot[], after: number, planned: PlannedWrite): Slot | undefined {
  if (planned.kind === "single") return undefined;
  const start = Math.max(after, 0);
  for (let index = start; index < slots.length; index++) {
    const slot = slots[index]!;
    if (slot.kind !== planned.kind) continue;
    if (index === after && !sharesNoRow(slot.writes, planned.write)) continue;
    slot.writes.push(planned.write);
    return slot;
  }
  return undefined;
}

/** A new statement right after `after`, behind the single writes already there. */
function insertSlot(slots: Slot[], after: number, planned: PlannedWrite): Slot {
  const slot: Slot =
    planned.kind === "single"
      ? { kind: "single", writes: [planned.write] }
      : { kind: planned.kind, writes: [planned.write] };
  let at = after + 1;
  while (at < slots.length && slots[at]!.kind === "single") at++;
  slots.splice(at, 0, slot);
  return slot;
}

/**
 * Whether `write` may share a statement with `batch` even though they touch one execution: only
 * activity tasks of one execution with different sequence numbers, which are separate rows that
 * read the execution but do not change it (a fan-out's hundred tasks, one statement).
 */
function sharesNoRow(batch: Write[], write: Write): boolean {
  if (write.type !== "scheduleActivity") return false;
  const { executionId, seq } = write.task;
  return batch.every(
    (other) =>
      other.type === "scheduleActivity" &&
      (other.task.executionId !== executionId || other.task.seq !== seq),
  );
}

/** What a write touches that another write's order matters to; undefined when it may be anything. */
function keysOf(write: Write): string[] | undefined {
  if (write.type === "appendLogs") return ["logs"];
  const execution = executionOf(write);
  return execution === undefined ? undefined : [execution];
}

/** The execution a write touches, if it touches only one (and rows of no other); every kind is listed. */
export function executionOf(write: Write): string | undefined {
  switch (write.type) {
    case "createExecution":
    case "startExecution":
      return write.execution.id;
    case "setTimer":
      return write.timer.executionId;
    case "scheduleActivity":
      return write.task.executionId;
    case "appendInbox":
    case "requireNewExecution":
    case "requireTask":
    case "appendHistory":
    case "releaseWorkflowTask":
    case "requireActivity":
    case "removeActivity":
    case "settleActivity":
    case "requireTimer":
    case "deleteTimer":
    case "retryActivity":
    case "awaitActivity":
    case "heartbeatActivity":
    case "setHold":
      return write.executionId;
    case "moveTimer":
    case "createDeliveries":
    case "receiveEvent":
    case "forgetReceivedEvents":
    case "completeDelivery":
    case "retryDelivery":
    case "deadLetterDelivery":
    case "redriveDelivery":
    case "appendLogs":
    case "renewLeases":
      return undefined;
    default:
      // A kind listed nowhere above fails to compile here: each must say what it touches.
      return write satisfies never;
  }
}
