import type { SerializedError } from "@eventual/core";
import type {
  ActivityRetrying,
  ActivitySucceeded,
  ActivityTask,
  Claim,
  DeliveryRecord,
  ExecutionRecord,
  HistoryEvent,
  InputEvent,
  LogRecord,
  NodeRecord,
  SignalReceived,
  Store,
  TimerRecord,
  WorkflowStarted,
  WorkflowTask,
  Write,
  WriteResult,
} from "@eventual/engine";
import { completionKey, retryKey } from "@eventual/engine";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

/**
 * The behaviour every `Store` must have, written once and run against each backend. Each case
 * opens a fresh store with `open` and closes it afterwards; the cases use only the `Store`
 * interface and pass every time in as epoch milliseconds. Every store passes every case.
 *
 * @example
 * import { storeConformance } from "@eventual/store-conformance";
 * storeConformance("SqliteStore", async () => SqliteStore.open(":memory:"));
 */
export function storeConformance(label: string, open: () => Promise<Store>): void {
  describe(label, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });
    for (const [topic, cases] of Object.entries(suites)) {
      describe(topic, () => {
        for (const [title, run] of Object.entries(cases)) it(title, () => run(store));
      });
    }
  });
}

type Case = (store: Store) => Promise<void>;
type AppendHistory = Extract<Write, { type: "appendHistory" }>;

// ---------------------------------------------------------------------------------------------
// Fixtures. Times sit in 2030 so that a store which reads its own clock fails loudly.

const T0 = Date.parse("2030-01-01T00:00:00.000Z");
const LEASE = 30_000;
const RUNNER = "runner";

/** `s` seconds after T0. */
const at = (s: number): number => T0 + s * 1000;
const iso = (time: number): string => new Date(time).toISOString();
const claim = (owner: string, now = T0, limit = 100): Claim => ({
  owner,
  now,
  leaseMs: LEASE,
  limit,
});

const cardDeclined: SerializedError = { name: "CardDeclined", message: "card 4242 declined" };
/** Where a subscriber threw it, as the engine keeps it. */
const cardDeclinedStack =
  "CardDeclined: card 4242 declined\n    at charge (/srv/bank/src/index.ts:12:11)";
const diverged: SerializedError = { name: "DeterminismError", message: "expected a timer" };

function executionRecord(id: string, fields: Partial<ExecutionRecord> = {}): ExecutionRecord {
  return {
    id,
    name: id,
    workflowName: "checkout",
    status: "IN_PROGRESS",
    input: { order: id },
    startTime: iso(T0),
    historyLength: 0,
    ...fields,
  };
}

function startedOf(execution: ExecutionRecord): WorkflowStarted {
  return { type: "WorkflowStarted", input: execution.input, timestamp: execution.startTime };
}

function signal(name: string, time = T0): SignalReceived {
  return { type: "SignalReceived", signal: name, payload: { name }, timestamp: iso(time) };
}

function succeeded(seq: number, time = T0): ActivitySucceeded {
  return { type: "ActivitySucceeded", seq, result: { charged: seq }, timestamp: iso(time) };
}

function activityTask(
  executionId: string,
  seq: number,
  fields: Partial<ActivityTask> = {},
): ActivityTask {
  return {
    executionId,
    seq,
    name: "chargeCard",
    args: [`card-${seq}`, seq * 10],
    workflowName: "checkout",
    policy: { timeout: 60, retry: { maxAttempts: 3 } },
    attempt: 0,
    scheduledTime: T0,
    availableAt: T0,
    ...fields,
  };
}

/** A workflow timer (`sleepFor`) completing `seq`. */
function timer(executionId: string, seq: number, dueTime: number): TimerRecord {
  return {
    id: `${executionId}/timer/${seq}`,
    executionId,
    dueTime,
    event: { type: "TimerCompleted", seq },
    key: completionKey(seq),
  };
}

/** An activity's timeout or heartbeat timer: it settles the activity when it fires. */
function activityTimer(
  executionId: string,
  seq: number,
  dueTime: number,
  kind: "timeout" | "heartbeat",
): TimerRecord {
  const name = kind === "timeout" ? "Timeout" : "HeartbeatTimeout";
  return {
    id: `${executionId}/activity/${seq}/${kind}`,
    executionId,
    dueTime,
    event: { type: "ActivityTimedOut", seq, error: { name, message: `${kind} of ${seq}` } },
    key: completionKey(seq),
    activitySeq: seq,
  };
}

/** The record of attempt `attempt` of activity `seq` failing at `time`. */
function retrying(seq: number, attempt: number, time: number): ActivityRetrying {
  const error = { name: "Error", message: `attempt ${attempt} failed` };
  return { type: "ActivityRetrying", seq, attempt, error, retryDelay: 2, timestamp: iso(time) };
}

/** A retry of activity `seq` of `executionId` that records the failed attempt `event`. */
function retryRecorded(executionId: string, availableAt: number, event: ActivityRetrying): Write {
  const { seq, attempt } = event;
  return {
    type: "retryActivity",
    executionId,
    seq,
    availableAt,
    event,
    key: retryKey(seq, attempt),
  };
}

/** The inbox event a timer adds when it fires at `time`. */
function fired(timer: TimerRecord, time: number): InputEvent {
  return { ...timer.event, timestamp: iso(time) } as InputEvent;
}

function delivery(id: string, fields: Partial<DeliveryRecord> = {}): DeliveryRecord {
  return {
    id,
    subscription: "sendReceipt",
    eventName: "OrderPlaced",
    event: { order: id },
    attempt: 0,
    availableAt: T0,
    publishedAt: T0,
    ...fields,
  };
}

function log(executionId: string, second: number, message: string): LogRecord {
  return { executionId, source: "workflow", time: at(second), level: "info", message };
}

function createExecution(
  id: string,
  fields: Partial<ExecutionRecord> = {},
  timers?: TimerRecord[],
): Write {
  const execution = executionRecord(id, fields);
  return {
    type: "createExecution",
    execution,
    started: startedOf(execution),
    ...(timers ? { timers } : {}),
  };
}

const append = (executionId: string, event: InputEvent, key?: string): Write => ({
  type: "appendInbox",
  executionId,
  event,
  ...(key === undefined ? {} : { key }),
});
const release = (executionId: string, owner: string): Write => ({
  type: "releaseWorkflowTask",
  executionId,
  owner,
});
const schedule = (task: ActivityTask, timers?: TimerRecord[]): Write => ({
  type: "scheduleActivity",
  task,
  ...(timers ? { timers } : {}),
});
const settle = (executionId: string, seq: number, event: InputEvent): Write => ({
  type: "settleActivity",
  executionId,
  seq,
  event,
});
const setTimer = (timer: TimerRecord): Write => ({ type: "setTimer", timer });
const createDeliveries = (...deliveries: DeliveryRecord[]): Write => ({
  type: "createDeliveries",
  deliveries,
});
/** The event `eventId` of service `source`, received at `receivedAt` with its deliveries. */
const receive = (
  source: string,
  eventId: string,
  deliveries: DeliveryRecord[],
  receivedAt = T0,
): Write => ({ type: "receiveEvent", source, eventId, receivedAt, deliveries });

/**
 * The completion of a claimed task that records its inbox as history and consumes it: its guard
 * (`requireTask`, the lease of `owner`) and its `appendHistory`.
 */
function completion(
  task: WorkflowTask,
  owner: string,
  fields: Partial<AppendHistory> = {},
): [Write, AppendHistory] {
  const { id: executionId, historyLength } = task.execution;
  return [
    { type: "requireTask", executionId, historyLength, lease: { owner } },
    {
      type: "appendHistory",
      executionId,
      historyLength,
      history: task.inbox.map((entry) => entry.event),
      consumed: task.inbox.map((entry) => entry.id),
      ...fields,
    },
  ];
}

/** Commits `writes` as one group and returns its results. */
function requireNew(executionId: string): Write {
  return { type: "requireNewExecution", executionId };
}

async function commitGroup(store: Store, ...writes: Write[]): Promise<WriteResult[]> {
  const [results] = await store.commit([writes]);
  return results!;
}

/** Claims every ready execution, completes `executionId`'s task with `fields`, releases the rest. */
async function runTask(
  store: Store,
  executionId: string,
  fields: Partial<AppendHistory> = {},
  now = T0,
): Promise<WorkflowTask> {
  const tasks = await store.claimWorkflowTasks(claim(RUNNER, now, 1000));
  const task = tasks.find((t) => t.execution.id === executionId);
  if (!task) throw new Error(`Execution "${executionId}" has no workflow task to run.`);
  const groups = tasks.map((t) =>
    t === task ? completion(t, RUNNER, fields) : [release(t.execution.id, RUNNER)],
  );
  const results = await store.commit(groups);
  expect(results).toEqual(groups.map((group) => group.map(() => "ok")));
  return task;
}

/** The events waiting in an execution's inbox, read by claiming and releasing it. */
async function inboxEvents(store: Store, executionId: string, now = T0): Promise<InputEvent[]> {
  const tasks = await store.claimWorkflowTasks(claim("peek", now, 1000));
  if (tasks.length > 0) await store.commit([tasks.map((t) => release(t.execution.id, "peek"))]);
  return tasks.find((t) => t.execution.id === executionId)?.inbox.map((entry) => entry.event) ?? [];
}

/** Creates an execution and runs its first task: running, with an empty inbox. */
async function idleExecution(store: Store, id: string): Promise<void> {
  await commitGroup(store, createExecution(id));
  await runTask(store, id);
}

const succeededEnd = { status: "SUCCEEDED", result: { total: 42 }, endTime: iso(at(1)) } as const;

/** Ends an execution through a workflow task, as the engine does. */
async function endExecution(store: Store, id: string): Promise<void> {
  await commitGroup(store, append(id, signal("finish")));
  await runTask(store, id, { ended: succeededEnd });
}

// ---------------------------------------------------------------------------------------------

const commitCases: Record<string, Case> = {
  "returns one result array per group, in the order of the groups": async (store) => {
    await commitGroup(store, createExecution("a"));
    const results = await store.commit([
      [createExecution("b"), append("b", signal("go"))],
      [createExecution("a")],
      [append("ghost", signal("go")), { type: "completeDelivery", id: "ghost" }],
      [],
      [append("b", signal("again"))],
    ]);
    expect(results).toEqual([["created", "ok"], ["exists"], ["not_found", "stale"], [], ["ok"]]);
    expect(await store.commit([])).toEqual([]);
  },

  "a commit that fails on one group's value writes nothing of any group": async (store) => {
    await commitGroup(store, createExecution("a"));
    const unstorable = { ...signal("go"), payload: { amount: 10n } };
    const commit = store.commit([
      [createExecution("b"), append("a", signal("first"))],
      [append("a", unstorable as unknown as InputEvent)],
      [createExecution("c")],
    ]);
    await expect(commit).rejects.toThrow();
    // The engine commits the other groups again by themselves: each must find nothing written.
    expect(await store.getExecution("b")).toBeUndefined();
    expect(await store.getExecution("c")).toBeUndefined();
    const [task] = await store.claimWorkflowTasks(claim("w1"));
    expect(task!.inbox.map((entry) => entry.event.type)).toEqual(["WorkflowStarted"]);
  },
};

const createExecutionCases: Record<string, Case> = {
  "creates an execution that getExecution returns as written": async (store) => {
    const child = executionRecord("child", { parentId: "parent", parentSeq: 3 });
    const write: Write = { type: "createExecution", execution: child, started: startedOf(child) };
    expect(await commitGroup(store, write)).toEqual(["created"]);
    expect(await store.getExecution("child")).toEqual(child);
  },

  "reports exists for an id already taken and changes nothing": async (store) => {
    await commitGroup(store, createExecution("a"));
    const again = createExecution("a", { input: { other: true }, workflowName: "refund" }, [
      timer("a", 1, at(1)),
    ]);
    expect(await commitGroup(store, again)).toEqual(["exists"]);
    expect(await store.getExecution("a")).toEqual(executionRecord("a"));
    expect(await inboxEvents(store, "a")).toEqual([startedOf(executionRecord("a"))]);
    expect(await store.fireDueTimers(at(10), 10)).toBe(0);
  },

  "reports exists for the id of an execution that has ended": async (store) => {
    await commitGroup(store, createExecution("a"));
    await endExecution(store, "a");
    expect(await commitGroup(store, createExecution("a"))).toEqual(["exists"]);
    expect((await store.getExecution("a"))?.status).toBe("SUCCEEDED");
    expect(await store.claimWorkflowTasks(claim("w1"))).toEqual([]);
  },

  "puts the WorkflowStarted event in the new execution's inbox": async (store) => {
    const execution = executionRecord("a");
    await commitGroup(store, createExecution("a"));
    expect(await store.claimWorkflowTasks(claim("w1"))).toEqual([
      { execution, inbox: [{ id: expect.any(Number), event: startedOf(execution) }] },
    ]);
  },

  "stores the timers created with the execution": async (store) => {
    const timeout: TimerRecord = {
      id: "a/timeout",
      executionId: "a",
      dueTime: at(60),
      event: { type: "WorkflowTimedOut" },
    };
    await commitGroup(store, createExecution("a", {}, [timeout]));
    expect(await store.fireDueTimers(at(59), 10)).toBe(0);
    expect(await store.fireDueTimers(at(61), 10)).toBe(1);
    expect(await inboxEvents(store, "a", at(61))).toEqual([
      startedOf(executionRecord("a")),
      { type: "WorkflowTimedOut", timestamp: iso(at(61)) },
    ]);
  },
};

const appendInboxCases: Record<string, Case> = {
  "appends events after those already in the inbox": async (store) => {
    await commitGroup(store, createExecution("a"));
    const writes = [append("a", signal("first")), append("a", signal("second"))];
    expect(await commitGroup(store, ...writes)).toEqual(["ok", "ok"]);
    expect(await inboxEvents(store, "a")).toEqual([
      startedOf(executionRecord("a")),
      signal("first"),
      signal("second"),
    ]);
  },

  "reports duplicate for a key already used and appends nothing": async (store) => {
    await commitGroup(store, createExecution("a"));
    expect(await commitGroup(store, append("a", signal("first"), "signal:1"))).toEqual(["ok"]);
    expect(await commitGroup(store, append("a", signal("second"), "signal:1"))).toEqual([
      "duplicate",
    ]);
    expect(await inboxEvents(store, "a")).toEqual([
      startedOf(executionRecord("a")),
      signal("first"),
    ]);
  },

  "keeps refusing a key after the entry that used it was consumed": async (store) => {
    await commitGroup(store, createExecution("a"), append("a", signal("first"), "signal:1"));
    await runTask(store, "a");
    expect(await commitGroup(store, append("a", signal("again"), "signal:1"))).toEqual([
      "duplicate",
    ]);
    expect(await inboxEvents(store, "a")).toEqual([]);
    expect(await commitGroup(store, append("a", signal("other"), "signal:2"))).toEqual(["ok"]);
  },

  "reports not_found for an unknown execution and creates nothing": async (store) => {
    expect(await commitGroup(store, append("ghost", signal("go"), "signal:1"))).toEqual([
      "not_found",
    ]);
    expect(await store.getExecution("ghost")).toBeUndefined();
    expect(await store.claimWorkflowTasks(claim("w1"))).toEqual([]);
  },

  "reports ended once the execution has ended": async (store) => {
    await commitGroup(store, createExecution("a"));
    await endExecution(store, "a");
    const writes = [append("a", signal("late")), append("a", signal("late"), "signal:9")];
    expect(await commitGroup(store, ...writes)).toEqual(["ended", "ended"]);
    expect(await inboxEvents(store, "a")).toEqual([]);
  },
};

const claimWorkflowTasksCases: Record<string, Case> = {
  "claims executions in the commit order of their first entry, each inbox in order": async (
    store,
  ) => {
    await commitGroup(store, createExecution("c"));
    await commitGroup(store, createExecution("a"), createExecution("b"));
    await commitGroup(store, append("c", signal("later")));
    const tasks = await store.claimWorkflowTasks(claim("w1"));
    expect(tasks.map((t) => t.execution.id)).toEqual(["c", "a", "b"]);
    expect(tasks[0]!.inbox.map((entry) => entry.event)).toEqual([
      startedOf(executionRecord("c")),
      signal("later"),
    ]);
    const [c, a, b] = tasks.map((t) => t.inbox.map((entry) => entry.id));
    expect(c![0]! < a![0]! && a![0]! < b![0]! && b![0]! < c![1]!).toBe(true);
  },

  "orders by the first entry still waiting, so a consumed inbox goes to the back": async (
    store,
  ) => {
    await commitGroup(store, createExecution("x"));
    await commitGroup(store, createExecution("y"));
    const [x] = await store.claimWorkflowTasks(claim("w1", T0, 1));
    await commitGroup(store, append("x", signal("during")));
    await commitGroup(store, ...completion(x!, "w1"));
    const tasks = await store.claimWorkflowTasks(claim("w1"));
    expect(tasks.map((t) => t.execution.id)).toEqual(["y", "x"]);
  },

  "claims at most limit executions and leaves the rest to the next claim": async (store) => {
    await commitGroup(store, createExecution("a"), createExecution("b"), createExecution("c"));
    const first = await store.claimWorkflowTasks(claim("w1", T0, 2));
    const second = await store.claimWorkflowTasks(claim("w2", T0, 2));
    expect(first.map((t) => t.execution.id)).toEqual(["a", "b"]);
    expect(second.map((t) => t.execution.id)).toEqual(["c"]);
    expect(await store.claimWorkflowTasks(claim("w3"))).toEqual([]);
  },

  "does not claim a leased execution again until now reaches the lease's end": async (store) => {
    await commitGroup(store, createExecution("a"));
    const [leased] = await store.claimWorkflowTasks(claim("w1", T0));
    expect(await store.claimWorkflowTasks(claim("w2", T0 + LEASE - 1))).toEqual([]);
    expect(await store.claimWorkflowTasks(claim("w2", T0 + LEASE))).toEqual([leased]);
  },

  "does not claim an execution whose inbox is empty": async (store) => {
    await idleExecution(store, "a");
    expect(await store.claimWorkflowTasks(claim("w1", at(1000)))).toEqual([]);
  },

  "does not claim a held execution, even when new entries arrive": async (store) => {
    await commitGroup(store, createExecution("a"));
    await runTask(store, "a", { history: [], consumed: [], held: diverged });
    await commitGroup(store, append("a", signal("more")));
    expect(await store.claimWorkflowTasks(claim("w1", at(1000)))).toEqual([]);
  },

  "does not claim an ended execution, even with entries that waited when it ended": async (
    store,
  ) => {
    await commitGroup(store, createExecution("a"));
    const [task] = await store.claimWorkflowTasks(claim("w1"));
    await commitGroup(store, append("a", signal("unseen")));
    await commitGroup(store, ...completion(task!, "w1", { ended: succeededEnd }));
    expect(await store.claimWorkflowTasks(claim("w2", at(1000)))).toEqual([]);
  },

  "hands an execution to only one of two concurrent claims": async (store) => {
    await commitGroup(store, createExecution("a"), createExecution("b"), createExecution("c"));
    const claims = await Promise.all([
      store.claimWorkflowTasks(claim("w1")),
      store.claimWorkflowTasks(claim("w2")),
    ]);
    expect(
      claims
        .flat()
        .map((t) => t.execution.id)
        .sort(),
    ).toEqual(["a", "b", "c"]);
  },
};

const workflowTaskCases: Record<string, Case> = {
  "appends history in order and counts it in historyLength": async (store) => {
    await commitGroup(store, createExecution("a"));
    const [first] = await store.claimWorkflowTasks(claim("w1"));
    const history: HistoryEvent[] = [
      startedOf(executionRecord("a")),
      { type: "ActivityScheduled", seq: 1, name: "chargeCard", args: [1], timestamp: iso(T0) },
      { type: "TimerScheduled", seq: 2, untilTime: iso(at(60)), timestamp: iso(T0) },
    ];
    expect(await commitGroup(store, ...completion(first!, "w1", { history }))).toEqual([
      "ok",
      "ok",
    ]);
    expect(await store.getHistory("a")).toEqual(history);
    await commitGroup(store, append("a", signal("next", at(1))));
    const [second] = await store.claimWorkflowTasks(claim("w1", at(1)));
    expect(second!.execution.historyLength).toBe(3);
    expect(await commitGroup(store, ...completion(second!, "w1"))).toEqual(["ok", "ok"]);
    expect(await store.getHistory("a")).toEqual([...history, signal("next", at(1))]);
    expect(await store.getExecution("a")).toEqual(executionRecord("a", { historyLength: 4 }));
  },

  "appends a step of many events in order, and the next step's after them": async (store) => {
    await commitGroup(store, createExecution("a"));
    const scheduled = (seq: number): HistoryEvent => ({
      type: "ActivityScheduled",
      seq,
      name: "chargeCard",
      args: [seq],
      timestamp: iso(T0),
    });
    // More events than a store may write in one statement, and no multiple of a likely batch.
    const fanOut = [
      startedOf(executionRecord("a")),
      ...Array.from({ length: 40 }, (_, i) => scheduled(i)),
    ];
    const [first] = await store.claimWorkflowTasks(claim("w1"));
    const step = completion(first!, "w1", { history: fanOut });
    expect(await commitGroup(store, ...step)).toEqual(["ok", "ok"]);
    await commitGroup(store, append("a", signal("next", at(1))));
    const [second] = await store.claimWorkflowTasks(claim("w1", at(1)));
    expect(second!.execution.historyLength).toBe(41);
    const more = Array.from({ length: 17 }, (_, i) => scheduled(40 + i));
    const next = completion(second!, "w1", { history: [signal("next", at(1)), ...more] });
    expect(await commitGroup(store, ...next)).toEqual(["ok", "ok"]);
    expect(await store.getHistory("a")).toEqual([...fanOut, signal("next", at(1)), ...more]);
    expect(await store.getExecution("a")).toEqual(executionRecord("a", { historyLength: 59 }));
  },

  "removes only the consumed entries and releases the lease at once": async (store) => {
    await commitGroup(store, createExecution("a"));
    const [task] = await store.claimWorkflowTasks(claim("w1"));
    await commitGroup(store, append("a", signal("during")));
    expect(await commitGroup(store, ...completion(task!, "w1"))).toEqual(["ok", "ok"]);
    expect(await store.claimWorkflowTasks(claim("w2"))).toEqual([
      {
        execution: executionRecord("a", { historyLength: 1 }),
        inbox: [{ id: expect.any(Number), event: signal("during") }],
      },
    ]);
  },

  "ends the execution and drops its pending activities, timers and inbox": async (store) => {
    await commitGroup(store, createExecution("a"));
    const [first] = await store.claimWorkflowTasks(claim("w1"));
    await commitGroup(
      store,
      ...completion(first!, "w1"),
      schedule(activityTask("a", 1), [activityTimer("a", 1, at(60), "timeout")]),
      setTimer(timer("a", 2, at(30))),
    );
    await commitGroup(store, append("a", signal("finish")));
    const [second] = await store.claimWorkflowTasks(claim("w1"));
    await commitGroup(store, append("a", signal("unseen")));
    const outcome: HistoryEvent = {
      type: "WorkflowSucceeded",
      result: { total: 42 },
      timestamp: iso(at(1)),
    };
    const history = [signal("finish"), outcome];
    const end = completion(second!, "w1", { history, ended: succeededEnd });
    expect(await commitGroup(store, ...end)).toEqual(["ok", "ok"]);
    expect(await store.getExecution("a")).toEqual({
      ...executionRecord("a"),
      ...succeededEnd,
      historyLength: 3,
    });
    expect(await store.claimActivityTasks(claim("w1", at(100)))).toEqual([]);
    expect(await store.fireDueTimers(at(100), 10)).toBe(0);
    expect(await store.claimWorkflowTasks(claim("w1", at(100)))).toEqual([]);
    expect(await store.nextWakeTime()).toBeUndefined();
    expect(await commitGroup(store, settle("a", 1, succeeded(1)))).toEqual(["stale"]);
  },

  "records the error of a failed execution": async (store) => {
    await commitGroup(store, createExecution("a"));
    const ended = { status: "FAILED", error: cardDeclined, endTime: iso(at(2)) } as const;
    await runTask(store, "a", { ended });
    expect(await store.getExecution("a")).toEqual({
      ...executionRecord("a"),
      ...ended,
      historyLength: 1,
    });
  },

  "holds the execution with held and keeps its inbox for when the hold is released": async (
    store,
  ) => {
    await commitGroup(store, createExecution("a"));
    await runTask(store, "a", { history: [], consumed: [], held: diverged });
    expect(await store.getExecution("a")).toEqual(executionRecord("a", { held: diverged }));
    expect(await commitGroup(store, { type: "setHold", executionId: "a", held: null })).toEqual([
      "ok",
    ]);
    const [task] = await store.claimWorkflowTasks(claim("w1"));
    expect(task!.inbox.map((entry) => entry.event)).toEqual([startedOf(executionRecord("a"))]);
    expect(await commitGroup(store, ...completion(task!, "w1", { held: null }))).toEqual([
      "ok",
      "ok",
    ]);
    expect(await store.getExecution("a")).toEqual(executionRecord("a", { historyLength: 1 }));
  },

  "conflicts for an owner without the lease, rolling back the whole group only": async (store) => {
    await commitGroup(store, createExecution("a"), createExecution("b"));
    const [a, b] = await store.claimWorkflowTasks(claim("w1"));
    const rolledBack: Write[] = [
      ...completion(a!, "intruder"),
      createExecution("c"),
      append("b", signal("lost")),
      schedule(activityTask("a", 1)),
      setTimer(timer("a", 2, at(5))),
      createDeliveries(delivery("d1")),
      { type: "appendLogs", logs: [log("a", 0, "lost")] },
    ];
    expect(await store.commit([rolledBack, completion(b!, "w1")])).toEqual([
      rolledBack.map(() => "conflict"),
      ["ok", "ok"],
    ]);
    expect(await store.getExecution("c")).toBeUndefined();
    expect(await store.getHistory("a")).toEqual([]);
    expect(await store.getHistory("b")).toEqual([startedOf(executionRecord("b"))]);
    expect(await store.claimWorkflowTasks(claim("w2"))).toEqual([]);
    expect(await store.claimActivityTasks(claim("w2", at(10)))).toEqual([]);
    expect(await store.fireDueTimers(at(10), 10)).toBe(0);
    expect(await store.claimDeliveries(claim("w2", at(10)))).toEqual([]);
    expect(await store.getLogs({})).toEqual([]);
    expect(await commitGroup(store, ...completion(a!, "w1"))).toEqual(["ok", "ok"]);
  },

  "conflicts for a stale historyLength": async (store) => {
    await commitGroup(store, createExecution("a"));
    const [first] = await store.claimWorkflowTasks(claim("w1"));
    await commitGroup(store, ...completion(first!, "w1"), append("a", signal("next")));
    const [second] = await store.claimWorkflowTasks(claim("w1"));
    const stale = [...completion(first!, "w1"), append("a", signal("lost"))];
    expect(await commitGroup(store, ...stale)).toEqual(stale.map(() => "conflict"));
    expect(await store.getHistory("a")).toEqual([startedOf(executionRecord("a"))]);
    expect(await commitGroup(store, ...completion(second!, "w1"))).toEqual(["ok", "ok"]);
    expect(await inboxEvents(store, "a")).toEqual([]);
  },

  "conflicts for an execution that has ended": async (store) => {
    await commitGroup(store, createExecution("a"), createExecution("b"));
    const [a] = await store.claimWorkflowTasks(claim("w1", T0, 1));
    const ended = completion(a!, "w1", { ended: succeededEnd });
    const late: Write[] = [
      { type: "requireTask", executionId: "a", historyLength: 1, lease: { owner: "w1" } },
      { ...ended[1], historyLength: 1, consumed: [] },
    ];
    const results = await store.commit([ended, [...late, createExecution("c")]]);
    expect(results).toEqual([
      ["ok", "ok"],
      ["conflict", "conflict", "conflict"],
    ]);
    expect(await store.getHistory("a")).toEqual([startedOf(executionRecord("a"))]);
    expect(await store.getExecution("c")).toBeUndefined();
  },

  "conflicts for an owner whose expired lease another owner took over": async (store) => {
    await commitGroup(store, createExecution("a"));
    const [old] = await store.claimWorkflowTasks(claim("w1", T0));
    const [current] = await store.claimWorkflowTasks(claim("w2", T0 + LEASE));
    expect(await store.commit([completion(old!, "w1"), completion(current!, "w2")])).toEqual([
      ["conflict", "conflict"],
      ["ok", "ok"],
    ]);
    expect(await store.getHistory("a")).toEqual([startedOf(executionRecord("a"))]);
  },

  "applies one of two concurrent commits of the same task": async (store) => {
    await commitGroup(store, createExecution("a"));
    const [task] = await store.claimWorkflowTasks(claim("w1"));
    const results = await Promise.all([
      commitGroup(store, ...completion(task!, "w1")),
      commitGroup(store, ...completion(task!, "w1")),
    ]);
    expect(results.flat().sort()).toEqual(["conflict", "conflict", "ok", "ok"]);
    expect(await store.getHistory("a")).toEqual([startedOf(executionRecord("a"))]);
  },

  "releaseWorkflowTask frees the execution for another owner, inbox intact": async (store) => {
    await commitGroup(store, createExecution("a"));
    await store.claimWorkflowTasks(claim("w1"));
    expect(await commitGroup(store, release("a", "w1"))).toEqual(["ok"]);
    const [task] = await store.claimWorkflowTasks(claim("w2"));
    expect(task!.inbox.map((entry) => entry.event)).toEqual([startedOf(executionRecord("a"))]);
  },

  "releaseWorkflowTask reports stale for an owner without the lease and keeps it": async (
    store,
  ) => {
    await commitGroup(store, createExecution("a"));
    await store.claimWorkflowTasks(claim("w1"));
    expect(await commitGroup(store, release("a", "w2"), release("ghost", "w1"))).toEqual([
      "stale",
      "stale",
    ]);
    expect(await store.claimWorkflowTasks(claim("w2"))).toEqual([]);
  },

  "setHold releases a held execution at the history length checked, to be claimed again": async (
    store,
  ) => {
    await commitGroup(store, createExecution("a"), createExecution("b"));
    await runTask(store, "a", { history: [], consumed: [], held: diverged });
    await runTask(store, "b", { history: [], consumed: [], held: diverged });
    const release = (historyLength: number): Write => ({
      type: "setHold",
      executionId: "b",
      historyLength,
      held: null,
    });
    expect(await commitGroup(store, release(1))).toEqual(["stale"]);
    expect(await store.claimWorkflowTasks(claim("w1"))).toEqual([]);
    expect(await commitGroup(store, release(0))).toEqual(["ok"]);
    expect(await store.getExecution("b")).toEqual(executionRecord("b"));
    const tasks = await store.claimWorkflowTasks(claim("w1"));
    expect(tasks.map((t) => t.execution.id)).toEqual(["b"]);
  },

  "setHold replaces a hold, and is stale for an execution not held, ended or unknown": async (
    store,
  ) => {
    await commitGroup(store, createExecution("a"), createExecution("b"));
    await runTask(store, "a", { history: [], consumed: [], held: diverged });
    const hold = (executionId: string): Write => ({
      type: "setHold",
      executionId,
      held: cardDeclined,
    });
    expect(await commitGroup(store, hold("a"))).toEqual(["ok"]);
    expect(await store.getExecution("a")).toEqual(executionRecord("a", { held: cardDeclined }));
    await endExecution(store, "b");
    expect(await commitGroup(store, hold("b"), hold("ghost"))).toEqual(["stale", "stale"]);
    await idleExecution(store, "c");
    expect(await commitGroup(store, hold("c"))).toEqual(["stale"]);
    expect((await store.getExecution("c"))?.held).toBeUndefined();
  },
};

const activityCases: Record<string, Case> = {
  "scheduleActivity stores a task that is claimed once available, as attempt 1": async (store) => {
    await idleExecution(store, "a");
    const task = activityTask("a", 1, { availableAt: at(5) });
    expect(await commitGroup(store, schedule(task))).toEqual(["ok"]);
    expect(await store.claimActivityTasks(claim("w1", at(5) - 1))).toEqual([]);
    expect(await store.claimActivityTasks(claim("w1", at(5)))).toEqual([{ ...task, attempt: 1 }]);
  },

  "scheduleActivity reports duplicate while the task exists and keeps the first": async (store) => {
    await idleExecution(store, "a");
    const task = activityTask("a", 1);
    await commitGroup(store, schedule(task));
    const other = { ...task, args: ["other"] };
    expect(await commitGroup(store, schedule(other))).toEqual(["duplicate"]);
    expect(await store.claimActivityTasks(claim("w1"))).toEqual([{ ...task, attempt: 1 }]);
  },

  "scheduleActivity reports ended or not_found for an execution not running": async (store) => {
    await commitGroup(store, createExecution("a"));
    await endExecution(store, "a");
    const writes = [schedule(activityTask("a", 1)), schedule(activityTask("ghost", 1))];
    expect(await commitGroup(store, ...writes)).toEqual(["ended", "not_found"]);
    expect(await store.claimActivityTasks(claim("w1", at(10)))).toEqual([]);
    expect(await store.nextWakeTime()).toBeUndefined();
  },

  "scheduleActivity stores the timers that come with the task": async (store) => {
    await idleExecution(store, "a");
    const timeout = activityTimer("a", 1, at(60), "timeout");
    await commitGroup(store, schedule(activityTask("a", 1), [timeout]));
    expect(await store.fireDueTimers(at(60), 10)).toBe(1);
    expect(await inboxEvents(store, "a", at(60))).toEqual([fired(timeout, at(60))]);
  },

  "claims available tasks in order of availableAt, at most limit at a time": async (store) => {
    await idleExecution(store, "a");
    const times = [at(3), at(1), at(2), at(100)];
    await commitGroup(
      store,
      ...times.map((availableAt, i) => schedule(activityTask("a", i + 1, { availableAt }))),
    );
    const seqs = async () =>
      (await store.claimActivityTasks(claim("w1", at(10), 2))).map((task) => task.seq);
    expect(await seqs()).toEqual([2, 3]);
    expect(await seqs()).toEqual([1]);
    expect(await seqs()).toEqual([]);
  },

  "claims a leased task again only when its lease ends, as the next attempt": async (store) => {
    await idleExecution(store, "a");
    const task = activityTask("a", 1);
    await commitGroup(store, schedule(task));
    expect(await store.claimActivityTasks(claim("w1", T0))).toEqual([{ ...task, attempt: 1 }]);
    expect(await store.claimActivityTasks(claim("w2", T0 + LEASE - 1))).toEqual([]);
    expect(await store.claimActivityTasks(claim("w2", T0 + LEASE))).toEqual([
      { ...task, attempt: 2 },
    ]);
  },

  "renewLeases extends the leases its owner holds, and no others": async (store) => {
    await idleExecution(store, "a");
    await commitGroup(store, schedule(activityTask("a", 1)), schedule(activityTask("a", 2)));
    await commitGroup(store, createDeliveries(delivery("d1")));
    await store.claimActivityTasks(claim("w1", T0, 1)); // seq 1 leased by w1
    await store.claimActivityTasks(claim("w2", T0, 1)); // seq 2 leased by w2
    await store.claimDeliveries(claim("w1"));
    const renewal: Write = {
      type: "renewLeases",
      owner: "w1",
      until: T0 + 3 * LEASE,
      activities: [
        { executionId: "a", seq: 1 },
        { executionId: "a", seq: 2 },
        { executionId: "ghost", seq: 1 },
      ],
      deliveries: ["d1", "gone"],
    };
    expect(await commitGroup(store, renewal)).toEqual(["ok"]);
    const later = T0 + 2 * LEASE;
    expect((await store.claimActivityTasks(claim("w3", later))).map((t) => t.seq)).toEqual([2]);
    expect(await store.claimDeliveries(claim("w3", later))).toEqual([]);
    const seqsAt = async (now: number) =>
      (await store.claimActivityTasks(claim("w4", now))).map((t) => t.seq);
    expect(await seqsAt(T0 + 3 * LEASE - 1)).toEqual([]);
    expect(await seqsAt(T0 + 3 * LEASE)).toEqual([1, 2]);
  },

  "hands a task to only one of two concurrent claims": async (store) => {
    await idleExecution(store, "a");
    await commitGroup(store, schedule(activityTask("a", 1)), schedule(activityTask("a", 2)));
    const claims = await Promise.all([
      store.claimActivityTasks(claim("w1")),
      store.claimActivityTasks(claim("w2")),
    ]);
    expect(
      claims
        .flat()
        .map((task) => task.seq)
        .sort(),
    ).toEqual([1, 2]);
  },

  "settleActivity removes the task, appends its completion and deletes its timers": async (
    store,
  ) => {
    await idleExecution(store, "a");
    const otherTimeout = activityTimer("a", 2, at(60), "timeout");
    await commitGroup(
      store,
      schedule(activityTask("a", 1), [
        activityTimer("a", 1, at(60), "timeout"),
        activityTimer("a", 1, at(10), "heartbeat"),
      ]),
      schedule(activityTask("a", 2), [otherTimeout]),
    );
    await store.claimActivityTasks(claim("w1"));
    expect(await commitGroup(store, settle("a", 1, succeeded(1, at(2))))).toEqual(["ok"]);
    expect(await inboxEvents(store, "a", at(2))).toEqual([succeeded(1, at(2))]);
    const reclaimed = await store.claimActivityTasks(claim("w2", T0 + LEASE));
    expect(reclaimed.map((task) => task.seq)).toEqual([2]);
    expect(await store.fireDueTimers(at(60), 10)).toBe(1);
    expect(await inboxEvents(store, "a", at(60))).toEqual([
      succeeded(1, at(2)),
      fired(otherTimeout, at(60)),
    ]);
  },

  "settleActivity reports stale the second time and appends nothing": async (store) => {
    await idleExecution(store, "a");
    await commitGroup(store, schedule(activityTask("a", 1)));
    const failed: InputEvent = {
      type: "ActivityFailed",
      seq: 1,
      error: cardDeclined,
      timestamp: iso(T0),
    };
    expect(await commitGroup(store, settle("a", 1, succeeded(1)))).toEqual(["ok"]);
    expect(await commitGroup(store, settle("a", 1, failed))).toEqual(["stale"]);
    expect(await inboxEvents(store, "a")).toEqual([succeeded(1)]);
  },

  "settleActivity uses completionKey(seq), so a completion already under that key wins": async (
    store,
  ) => {
    await idleExecution(store, "a");
    const first = succeeded(1);
    await commitGroup(store, schedule(activityTask("a", 1)), append("a", first, completionKey(1)));
    expect(await commitGroup(store, settle("a", 1, succeeded(1, at(5))))).toEqual(["stale"]);
    expect(await inboxEvents(store, "a", at(5))).toEqual([first]);
    expect(await store.claimActivityTasks(claim("w1", at(5)))).toEqual([]);
  },

  "retryActivity releases the lease and makes the task available at the new time": async (
    store,
  ) => {
    await idleExecution(store, "a");
    const task = activityTask("a", 1);
    await commitGroup(store, schedule(task));
    await store.claimActivityTasks(claim("w1"));
    const retry: Write = { type: "retryActivity", executionId: "a", seq: 1, availableAt: at(5) };
    expect(await commitGroup(store, retry)).toEqual(["ok"]);
    expect(await store.claimActivityTasks(claim("w2", at(5) - 1))).toEqual([]);
    expect(await store.claimActivityTasks(claim("w2", at(5)))).toEqual([
      { ...task, attempt: 2, availableAt: at(5) },
    ]);
  },

  "retryActivity appends the failed attempt's record once per key, and only for a task there":
    async (store) => {
      await idleExecution(store, "a");
      await commitGroup(store, schedule(activityTask("a", 1)));
      await store.claimActivityTasks(claim("w1"));
      const first = retrying(1, 1, at(1));
      expect(await commitGroup(store, retryRecorded("a", at(2), first))).toEqual(["ok"]);
      // The same attempt reported again (it missed its heartbeat, then threw): retried, not recorded.
      const again = { ...first, error: cardDeclined, timestamp: iso(at(3)) };
      expect(await commitGroup(store, retryRecorded("a", at(4), again))).toEqual(["ok"]);
      expect(await inboxEvents(store, "a", at(4))).toEqual([first]);
      const [next] = await store.claimActivityTasks(claim("w2", at(4)));
      expect(next).toMatchObject({ attempt: 2, availableAt: at(4) });
      await commitGroup(store, settle("a", 1, succeeded(1, at(5))));
      const late = retryRecorded("a", at(7), retrying(1, 2, at(6)));
      expect(await commitGroup(store, late)).toEqual(["stale"]);
      expect(await inboxEvents(store, "a", at(7))).toEqual([first, succeeded(1, at(5))]);
    },

  "awaitActivity releases the lease for good, yet the task can still be settled": async (store) => {
    await idleExecution(store, "a");
    await commitGroup(store, schedule(activityTask("a", 1)));
    await store.claimActivityTasks(claim("w1"));
    const wait: Write = { type: "awaitActivity", executionId: "a", seq: 1 };
    expect(await commitGroup(store, wait)).toEqual(["ok"]);
    expect(await store.claimActivityTasks(claim("w2", at(10_000)))).toEqual([]);
    expect(await store.nextWakeTime()).toBeUndefined();
    expect(await commitGroup(store, settle("a", 1, succeeded(1, at(9))))).toEqual(["ok"]);
    expect(await inboxEvents(store, "a", at(9))).toEqual([succeeded(1, at(9))]);
  },

  "heartbeatActivity moves the activity's heartbeat timer": async (store) => {
    await idleExecution(store, "a");
    const moved = activityTimer("a", 1, at(20), "heartbeat");
    await commitGroup(store, schedule(activityTask("a", 1)));
    await store.claimActivityTasks(claim("w1"));
    await commitGroup(store, setTimer(activityTimer("a", 1, at(10), "heartbeat")));
    const heartbeat: Write = { type: "heartbeatActivity", executionId: "a", seq: 1, timer: moved };
    expect(await commitGroup(store, heartbeat)).toEqual(["ok"]);
    expect(await store.fireDueTimers(at(15), 10)).toBe(0);
    expect(await store.fireDueTimers(at(20), 10)).toBe(1);
    expect(await inboxEvents(store, "a", at(20))).toEqual([fired(moved, at(20))]);
    expect(await store.claimActivityTasks(claim("w2", T0 + LEASE))).toEqual([]);
  },

  "a missed heartbeat with attempts left makes the task claimable again, not settled": async (
    store,
  ) => {
    await idleExecution(store, "a");
    const timeout = activityTimer("a", 1, at(60), "timeout");
    await commitGroup(store, schedule(activityTask("a", 1), [timeout]));
    const [first] = await store.claimActivityTasks(claim("w1"));
    const missed = { ...activityTimer("a", 1, at(10), "heartbeat"), retryAfterMs: 2_000 };
    await commitGroup(store, setTimer(missed));
    expect(await store.fireDueTimers(at(10), 10)).toBe(1);
    expect(await inboxEvents(store, "a", at(10))).toEqual([]);
    // Released at once, claimable after the delay, by anyone: the next attempt.
    expect(await store.claimActivityTasks(claim("w2", at(12) - 1))).toEqual([]);
    const [second] = await store.claimActivityTasks(claim("w2", at(12)));
    expect(second).toEqual({ ...first!, attempt: first!.attempt + 1, availableAt: at(12) });
    // The activity's own timeout still stands.
    expect(await store.fireDueTimers(at(59), 10)).toBe(0);
    expect(await store.fireDueTimers(at(60), 10)).toBe(1);
    expect(await inboxEvents(store, "a", at(60))).toEqual([fired(timeout, at(60))]);
  },

  "a missed heartbeat that carries the failed attempt's record appends it, in firing order": async (
    store,
  ) => {
    await idleExecution(store, "a");
    await commitGroup(store, schedule(activityTask("a", 1)));
    await store.claimActivityTasks(claim("w1"));
    const missed: TimerRecord = {
      ...activityTimer("a", 1, at(10), "heartbeat"),
      event: { type: "ActivityRetrying", seq: 1, attempt: 1, error: cardDeclined, retryDelay: 2 },
      key: retryKey(1, 1),
      retryAfterMs: 2_000,
    };
    const [before, after] = [timer("a", 2, at(9)), timer("a", 3, at(10.5))];
    await commitGroup(store, setTimer(missed), setTimer(before), setTimer(after));
    expect(await store.fireDueTimers(at(11), 10)).toBe(3);
    const recorded = fired(missed, at(11));
    expect(await inboxEvents(store, "a", at(11))).toEqual([
      fired(before, at(11)),
      recorded,
      fired(after, at(11)),
    ]);
    const [second] = await store.claimActivityTasks(claim("w2", at(13)));
    expect(second).toMatchObject({ attempt: 2, availableAt: at(13) });
    // The first attempt's own failure, reported late under the same key, is not recorded again.
    const late = retryRecorded("a", at(20), retrying(1, 1, at(19)));
    expect(await commitGroup(store, late)).toEqual(["ok"]);
    expect(await inboxEvents(store, "a", at(20))).toEqual([
      fired(before, at(11)),
      recorded,
      fired(after, at(11)),
    ]);
  },

  "a missed heartbeat of a task settled meanwhile does nothing": async (store) => {
    await idleExecution(store, "a");
    await commitGroup(store, schedule(activityTask("a", 1)));
    await store.claimActivityTasks(claim("w1"));
    const missed = { ...activityTimer("a", 1, at(10), "heartbeat"), retryAfterMs: 2_000 };
    await commitGroup(store, setTimer(missed));
    expect(await commitGroup(store, settle("a", 1, succeeded(1, at(5))))).toEqual(["ok"]);
    expect(await store.fireDueTimers(at(10), 10)).toBe(0);
    expect(await store.claimActivityTasks(claim("w2", at(20)))).toEqual([]);
    expect(await inboxEvents(store, "a", at(20))).toEqual([succeeded(1, at(5))]);
  },

  "writes to a task that is gone report stale and change nothing": async (store) => {
    await idleExecution(store, "a");
    await commitGroup(store, schedule(activityTask("a", 1)));
    await commitGroup(store, settle("a", 1, succeeded(1)));
    const results = await commitGroup(
      store,
      { type: "retryActivity", executionId: "a", seq: 1, availableAt: at(1) },
      { type: "awaitActivity", executionId: "a", seq: 1 },
      {
        type: "heartbeatActivity",
        executionId: "a",
        seq: 1,
        timer: activityTimer("a", 1, at(5), "heartbeat"),
      },
      settle("a", 2, succeeded(2)),
      settle("ghost", 1, succeeded(1)),
    );
    expect(results).toEqual(["stale", "stale", "stale", "stale", "stale"]);
    expect(await store.fireDueTimers(at(10), 10)).toBe(0);
    expect(await store.claimActivityTasks(claim("w1", at(10)))).toEqual([]);
    expect(await inboxEvents(store, "a")).toEqual([succeeded(1)]);
  },
};

const timerCases: Record<string, Case> = {
  "fireDueTimers fires due timers earliest first, up to limit, and counts them": async (store) => {
    await idleExecution(store, "a");
    await idleExecution(store, "b");
    const [a1, b2, a3, a4] = [
      timer("a", 1, at(3)),
      timer("b", 2, at(1)),
      timer("a", 3, at(2)),
      timer("a", 4, at(10)),
    ];
    await commitGroup(store, setTimer(a1), setTimer(b2), setTimer(a3), setTimer(a4));
    expect(await store.fireDueTimers(at(5), 2)).toBe(2);
    const tasks = await store.claimWorkflowTasks(claim("w1", at(5)));
    expect(tasks.map((t) => [t.execution.id, t.inbox.map((entry) => entry.event)])).toEqual([
      ["b", [fired(b2, at(5))]],
      ["a", [fired(a3, at(5))]],
    ]);
    await store.commit([tasks.map((t) => release(t.execution.id, "w1"))]);
    expect(await store.fireDueTimers(at(5), 10)).toBe(1);
    expect(await store.fireDueTimers(at(5), 10)).toBe(0);
    expect(await store.fireDueTimers(at(10), 10)).toBe(1);
    expect(await inboxEvents(store, "a", at(10))).toEqual([
      fired(a3, at(5)),
      fired(a1, at(5)),
      fired(a4, at(10)),
    ]);
  },

  "setTimer with an existing id moves that timer and replaces its event": async (store) => {
    await idleExecution(store, "a");
    const first: TimerRecord = { ...timer("a", 1, at(2)), id: "a/timeout" };
    const moved: TimerRecord = {
      id: "a/timeout",
      executionId: "a",
      dueTime: at(8),
      event: { type: "WorkflowTimedOut" },
    };
    expect(await commitGroup(store, setTimer(first))).toEqual(["ok"]);
    expect(await commitGroup(store, setTimer(moved))).toEqual(["ok"]);
    expect(await store.fireDueTimers(at(5), 10)).toBe(0);
    expect(await store.fireDueTimers(at(8), 10)).toBe(1);
    expect(await inboxEvents(store, "a", at(8))).toEqual([fired(moved, at(8))]);
  },

  "deleteTimer removes a timer, and reports ok whether or not it existed": async (store) => {
    await idleExecution(store, "a");
    const kept = timer("a", 2, at(6));
    await commitGroup(store, setTimer(timer("a", 1, at(5))), setTimer(kept));
    const writes: Write[] = [
      { type: "deleteTimer", executionId: "a", id: timer("a", 1, at(5)).id },
      { type: "deleteTimer", executionId: "a", id: "ghost" },
    ];
    expect(await commitGroup(store, ...writes)).toEqual(["ok", "ok"]);
    expect(await store.nextWakeTime()).toBe(at(6));
    expect(await store.fireDueTimers(at(10), 10)).toBe(1);
    expect(await inboxEvents(store, "a", at(10))).toEqual([fired(kept, at(10))]);
  },

  "setTimer reports ended or not_found for an execution not running and stores nothing": async (
    store,
  ) => {
    await commitGroup(store, createExecution("a"));
    await endExecution(store, "a");
    const writes = [setTimer(timer("a", 1, at(5))), setTimer(timer("ghost", 1, at(5)))];
    expect(await commitGroup(store, ...writes)).toEqual(["ended", "not_found"]);
    expect(await store.nextWakeTime()).toBeUndefined();
    expect(await store.fireDueTimers(at(10), 10)).toBe(0);
  },

  "a timer whose key the inbox already used adds nothing: a race applies once": async (store) => {
    await idleExecution(store, "a");
    const completed: InputEvent = { type: "TimerCompleted", seq: 1, timestamp: iso(at(1)) };
    await commitGroup(store, append("a", completed, completionKey(1)));
    await commitGroup(store, setTimer(timer("a", 1, at(5))));
    expect(await store.fireDueTimers(at(5), 10)).toBe(1);
    expect(await inboxEvents(store, "a", at(5))).toEqual([completed]);
    expect(await store.fireDueTimers(at(5), 10)).toBe(0);
  },

  "an activity timer settles its activity, so a later completion is stale": async (store) => {
    await idleExecution(store, "a");
    const timeout = activityTimer("a", 1, at(20), "timeout");
    await commitGroup(store, schedule(activityTask("a", 1), [timeout]));
    await store.claimActivityTasks(claim("w1"));
    expect(await store.fireDueTimers(at(20), 10)).toBe(1);
    expect(await store.claimActivityTasks(claim("w2", T0 + 3 * LEASE))).toEqual([]);
    expect(await commitGroup(store, settle("a", 1, succeeded(1, at(21))))).toEqual(["stale"]);
    expect(await inboxEvents(store, "a", at(21))).toEqual([fired(timeout, at(20))]);
  },

  "an activity timer whose task is gone fires without adding an event": async (store) => {
    await idleExecution(store, "a");
    await commitGroup(store, setTimer(activityTimer("a", 7, at(5), "heartbeat")));
    expect(await store.fireDueTimers(at(5), 10)).toBe(1);
    expect(await inboxEvents(store, "a", at(5))).toEqual([]);
    expect(await store.nextWakeTime()).toBeUndefined();
  },

  "of an activity's timers due together, the earliest settles it and the rest add nothing": async (
    store,
  ) => {
    await idleExecution(store, "a");
    const heartbeat = activityTimer("a", 1, at(10), "heartbeat");
    const timeout = activityTimer("a", 1, at(20), "timeout");
    await commitGroup(store, schedule(activityTask("a", 1), [timeout, heartbeat]));
    await store.fireDueTimers(at(30), 10);
    expect(await inboxEvents(store, "a", at(30))).toEqual([fired(heartbeat, at(30))]);
    expect(await store.fireDueTimers(at(30), 10)).toBe(0);
  },
};

const deliveryCases: Record<string, Case> = {
  "createDeliveries stores deliveries that are claimed once available, as attempt 1": async (
    store,
  ) => {
    const [now, later] = [delivery("d1"), delivery("d2", { availableAt: at(5) })];
    expect(await commitGroup(store, createDeliveries(now, later))).toEqual(["ok"]);
    expect(await store.claimDeliveries(claim("w1"))).toEqual([{ ...now, attempt: 1 }]);
    expect(await store.claimDeliveries(claim("w1", at(5) - 1))).toEqual([]);
    expect(await store.claimDeliveries(claim("w1", at(5)))).toEqual([{ ...later, attempt: 1 }]);
  },

  "a delivery keeps the execution that published its event": async (store) => {
    const published = delivery("d1", { executionId: "checkout~1" });
    await commitGroup(store, createDeliveries(published, delivery("d2")));
    const claimed = await store.claimDeliveries(claim("w1"));
    expect(claimed.find((d) => d.id === "d1")).toEqual({ ...published, attempt: 1 });
    expect(claimed.find((d) => d.id === "d2")).not.toHaveProperty("executionId");
  },

  "createDeliveries leaves a delivery whose id exists unchanged": async (store) => {
    const first = delivery("d1");
    await commitGroup(store, createDeliveries(first));
    const again = createDeliveries({ ...first, event: { changed: true } }, delivery("d2"));
    expect(await commitGroup(store, again)).toEqual(["ok"]);
    const claimed = await store.claimDeliveries(claim("w1"));
    expect(claimed.sort((x, y) => (x.id < y.id ? -1 : 1))).toEqual([
      { ...first, attempt: 1 },
      { ...delivery("d2"), attempt: 1 },
    ]);
  },

  "claims available deliveries in order of availableAt, at most limit at a time": async (store) => {
    const times = [at(3), at(1), at(2), at(100)];
    await commitGroup(
      store,
      createDeliveries(...times.map((availableAt, i) => delivery(`d${i + 1}`, { availableAt }))),
    );
    const ids = async () =>
      (await store.claimDeliveries(claim("w1", at(10), 2))).map((claimed) => claimed.id);
    expect(await ids()).toEqual(["d2", "d3"]);
    expect(await ids()).toEqual(["d1"]);
    expect(await ids()).toEqual([]);
  },

  "claims a leased delivery again only when its lease ends, as the next attempt": async (store) => {
    const record = delivery("d1");
    await commitGroup(store, createDeliveries(record));
    expect(await store.claimDeliveries(claim("w1", T0))).toEqual([{ ...record, attempt: 1 }]);
    expect(await store.claimDeliveries(claim("w2", T0 + LEASE - 1))).toEqual([]);
    expect(await store.claimDeliveries(claim("w2", T0 + LEASE))).toEqual([
      { ...record, attempt: 2 },
    ]);
  },

  "hands a delivery to only one of two concurrent claims": async (store) => {
    await commitGroup(store, createDeliveries(delivery("d1"), delivery("d2")));
    const claims = await Promise.all([
      store.claimDeliveries(claim("w1")),
      store.claimDeliveries(claim("w2")),
    ]);
    expect(
      claims
        .flat()
        .map((claimed) => claimed.id)
        .sort(),
    ).toEqual(["d1", "d2"]);
  },

  "completeDelivery removes the delivery, and a second completion is stale": async (store) => {
    await commitGroup(store, createDeliveries(delivery("d1")));
    await store.claimDeliveries(claim("w1"));
    const complete: Write = { type: "completeDelivery", id: "d1" };
    expect(await commitGroup(store, complete)).toEqual(["ok"]);
    expect(await commitGroup(store, complete)).toEqual(["stale"]);
    expect(await store.claimDeliveries(claim("w2", T0 + LEASE))).toEqual([]);
    expect(await store.nextWakeTime()).toBeUndefined();
  },

  "retryDelivery keeps the error and makes the delivery available at the new time": async (
    store,
  ) => {
    const record = delivery("d1");
    await commitGroup(store, createDeliveries(record));
    await store.claimDeliveries(claim("w1"));
    const retry: Write = {
      type: "retryDelivery",
      id: "d1",
      availableAt: at(5),
      error: cardDeclined,
      stack: cardDeclinedStack,
    };
    expect(await commitGroup(store, retry)).toEqual(["ok"]);
    expect(await store.claimDeliveries(claim("w2", at(5) - 1))).toEqual([]);
    expect(await store.claimDeliveries(claim("w2", at(5)))).toEqual([
      {
        ...record,
        attempt: 2,
        availableAt: at(5),
        lastError: cardDeclined,
        lastStack: cardDeclinedStack,
      },
    ]);
  },

  "retryDelivery without a stack drops the last attempt's": async (store) => {
    const record = delivery("d1");
    await commitGroup(store, createDeliveries(record));
    await store.claimDeliveries(claim("w1"));
    const declined: Write = {
      type: "retryDelivery",
      id: "d1",
      availableAt: at(5),
      error: cardDeclined,
      stack: cardDeclinedStack,
    };
    await commitGroup(store, declined);
    await store.claimDeliveries(claim("w2", at(5)));
    const timedOut = { name: "Timeout", message: "the subscriber took too long" };
    const late: Write = { type: "retryDelivery", id: "d1", availableAt: at(9), error: timedOut };
    await commitGroup(store, late);
    expect(await store.claimDeliveries(claim("w3", at(9)))).toEqual([
      { ...record, attempt: 3, availableAt: at(9), lastError: timedOut },
    ]);
  },

  "deadLetterDelivery keeps a dead letter that is listed and never claimed": async (store) => {
    const record = delivery("d1");
    await commitGroup(store, createDeliveries(record, delivery("d2", { availableAt: at(50) })));
    await store.claimDeliveries(claim("w1"));
    const dead: Write = {
      type: "deadLetterDelivery",
      id: "d1",
      error: cardDeclined,
      stack: cardDeclinedStack,
    };
    expect(await commitGroup(store, dead)).toEqual(["ok"]);
    expect(await store.listDeadLetters()).toEqual([
      { ...record, attempt: 1, lastError: cardDeclined, lastStack: cardDeclinedStack, dead: true },
    ]);
    const claimed = await store.claimDeliveries(claim("w2", at(10_000)));
    expect(claimed.map((d) => d.id)).toEqual(["d2"]);
  },

  "redriveDelivery makes a dead letter claimable from attempt 0, keeping its error": async (
    store,
  ) => {
    const record = delivery("d1");
    await commitGroup(store, createDeliveries(record));
    await store.claimDeliveries(claim("w1"));
    await commitGroup(store, { type: "deadLetterDelivery", id: "d1", error: cardDeclined });
    const redrive: Write = { type: "redriveDelivery", id: "d1", availableAt: at(7) };
    expect(await commitGroup(store, redrive)).toEqual(["ok"]);
    expect(await store.listDeadLetters()).toEqual([]);
    expect(await store.claimDeliveries(claim("w2", at(7) - 1))).toEqual([]);
    expect(await store.claimDeliveries(claim("w2", at(7)))).toEqual([
      { ...record, attempt: 1, availableAt: at(7), lastError: cardDeclined },
    ]);
  },

  "redriveDelivery leaves a live delivery alone: a second redrive of one dead letter is stale":
    async (store) => {
      await commitGroup(store, createDeliveries(delivery("d1")));
      const [leased] = await store.claimDeliveries(claim("w1"));
      const redrive: Write = { type: "redriveDelivery", id: "d1", availableAt: at(1) };
      expect(await commitGroup(store, redrive)).toEqual(["stale"]);
      // Still leased to w1, at its first attempt: nobody else may claim it.
      expect(await store.claimDeliveries(claim("w2", at(1)))).toEqual([]);
      await commitGroup(store, { type: "deadLetterDelivery", id: "d1", error: cardDeclined });
      // Two redrives of one dead letter in one commit, as two callers' at once.
      expect(await commitGroup(store, redrive, { ...redrive })).toEqual(["ok", "stale"]);
      expect(leased?.attempt).toBe(1);
    },

  "writes to an unknown delivery report stale": async (store) => {
    const results = await commitGroup(
      store,
      { type: "completeDelivery", id: "ghost" },
      { type: "retryDelivery", id: "ghost", availableAt: at(1), error: cardDeclined },
      { type: "deadLetterDelivery", id: "ghost", error: cardDeclined },
      { type: "redriveDelivery", id: "ghost", availableAt: at(1) },
    );
    expect(results).toEqual(["stale", "stale", "stale", "stale"]);
    expect(await store.listDeadLetters()).toEqual([]);
    expect(await store.claimDeliveries(claim("w1", at(10)))).toEqual([]);
  },
};

/** The ids of the deliveries claimable at `now`, claimed by a fresh owner, in id order. */
async function claimableIds(store: Store, now = at(100)): Promise<string[]> {
  const claimed = await store.claimDeliveries(claim("peek", now, 1000));
  return claimed.map((d) => d.id).sort();
}

const receiveEventCases: Record<string, Case> = {
  "stores the event's deliveries, claimed once available as createDeliveries makes them": async (
    store,
  ) => {
    const [now, later] = [delivery("d1"), delivery("d2", { availableAt: at(5) })];
    expect(await commitGroup(store, receive("orders", "e1", [now, later]))).toEqual(["ok"]);
    expect(await store.nextWakeTime()).toBe(T0);
    expect(await store.claimDeliveries(claim("w1"))).toEqual([{ ...now, attempt: 1 }]);
    expect(await store.claimDeliveries(claim("w1", at(5) - 1))).toEqual([]);
    expect(await store.claimDeliveries(claim("w1", at(5)))).toEqual([{ ...later, attempt: 1 }]);
  },

  "records an event with no deliveries, which is then a duplicate": async (store) => {
    expect(await commitGroup(store, receive("orders", "e1", []))).toEqual(["ok"]);
    expect(await store.nextWakeTime()).toBeUndefined();
    expect(await commitGroup(store, receive("orders", "e1", [delivery("d1")]))).toEqual([
      "duplicate",
    ]);
    expect(await claimableIds(store)).toEqual([]);
  },

  "the same source and event id again is a duplicate that stores nothing": async (store) => {
    await commitGroup(store, receive("orders", "e1", [delivery("d1")]));
    const again = receive("orders", "e1", [delivery("d1", { event: { changed: true } })], at(1));
    const other = receive("orders", "e1", [delivery("d2"), delivery("d3")], at(2));
    expect(await commitGroup(store, again)).toEqual(["duplicate"]);
    expect(await commitGroup(store, other)).toEqual(["duplicate"]);
    expect(await store.claimDeliveries(claim("w1"))).toEqual([{ ...delivery("d1"), attempt: 1 }]);
    expect(await claimableIds(store, at(10) + LEASE)).toEqual(["d1"]);
  },

  "forgetReceivedEvents forgets the events received before its time, and only those": async (
    store,
  ) => {
    await commitGroup(store, receive("orders", "old", [], at(1)));
    await commitGroup(store, receive("payments", "old", [], at(2)));
    await commitGroup(store, receive("orders", "new", [], at(3)));
    expect(await commitGroup(store, { type: "forgetReceivedEvents", before: at(3) })).toEqual([
      "ok",
    ]);
    // The old ones, of either source, are new again; the one at the boundary is remembered.
    expect(
      await commitGroup(
        store,
        receive("orders", "old", [], at(4)),
        receive("payments", "old", [], at(4)),
        receive("orders", "new", [], at(4)),
      ),
    ).toEqual(["ok", "ok", "duplicate"]);
  },

  "is a duplicate even after the first deliveries completed": async (store) => {
    await commitGroup(store, receive("orders", "e1", [delivery("d1"), delivery("d2")]));
    expect(await claimableIds(store, T0)).toEqual(["d1", "d2"]);
    expect(
      await commitGroup(
        store,
        { type: "completeDelivery", id: "d1" },
        { type: "completeDelivery", id: "d2" },
      ),
    ).toEqual(["ok", "ok"]);
    // Pushed again with the same deliveries (the sender's retry), or with others.
    const same = receive("orders", "e1", [delivery("d1"), delivery("d2")], at(60));
    const other = receive("orders", "e1", [delivery("d3")], at(61));
    expect(await store.commit([[same], [other]])).toEqual([["duplicate"], ["duplicate"]]);
    expect(await claimableIds(store)).toEqual([]);
    expect(await store.nextWakeTime()).toBeUndefined();
  },

  "is a duplicate after its deliveries became dead letters": async (store) => {
    await commitGroup(store, receive("orders", "e1", [delivery("d1")]));
    await store.claimDeliveries(claim("w1"));
    await commitGroup(store, { type: "deadLetterDelivery", id: "d1", error: cardDeclined });
    expect(await commitGroup(store, receive("orders", "e1", [delivery("d1")]))).toEqual([
      "duplicate",
    ]);
    expect(await claimableIds(store)).toEqual([]);
    expect(await store.listDeadLetters()).toEqual([
      { ...delivery("d1"), attempt: 1, lastError: cardDeclined, dead: true },
    ]);
  },

  "the same event id from another source is another event": async (store) => {
    const results = await store.commit([
      [receive("orders", "e1", [delivery("d1")])],
      [receive("invoices", "e1", [delivery("d2")])],
      // Pairs whose parts joined would read the same.
      [receive("a", "bc", [delivery("d3")])],
      [receive("ab", "c", [delivery("d4")])],
      [receive("a:b", "c", [delivery("d5")])],
      [receive("a", "b:c", [delivery("d6")])],
    ]);
    expect(results).toEqual([["ok"], ["ok"], ["ok"], ["ok"], ["ok"], ["ok"]]);
    expect(await commitGroup(store, receive("invoices", "e1", [delivery("d7")]))).toEqual([
      "duplicate",
    ]);
    expect(await claimableIds(store)).toEqual(["d1", "d2", "d3", "d4", "d5", "d6"]);
  },

  "an event received twice in one commit is ok the first time, a duplicate the second": async (
    store,
  ) => {
    const results = await store.commit([
      [receive("orders", "e1", [delivery("d1")])],
      [receive("orders", "e1", [delivery("d2")])],
      [receive("orders", "e2", [delivery("d3")]), receive("orders", "e2", [delivery("d4")])],
    ]);
    expect(results).toEqual([["ok"], ["duplicate"], ["ok", "duplicate"]]);
    expect(await claimableIds(store)).toEqual(["d1", "d3"]);
  },

  "of two concurrent commits of one event, one stores it": async (store) => {
    const results = await Promise.all([
      commitGroup(store, receive("orders", "e1", [delivery("d1")])),
      commitGroup(store, receive("orders", "e1", [delivery("d2")])),
    ]);
    expect(results.flat().sort()).toEqual(["duplicate", "ok"]);
    const stored = results[0]![0] === "ok" ? "d1" : "d2";
    expect(await claimableIds(store)).toEqual([stored]);
  },

  "in a group whose guard fails it stores nothing, and the event may be received again": async (
    store,
  ) => {
    await commitGroup(store, createExecution("a"));
    const [task] = await store.claimWorkflowTasks(claim("w1"));
    const refused = [...completion(task!, "intruder"), receive("orders", "e1", [delivery("d1")])];
    expect(await commitGroup(store, ...refused)).toEqual(["conflict", "conflict", "conflict"]);
    expect(await claimableIds(store)).toEqual([]);
    const applied = [...completion(task!, "w1"), receive("orders", "e1", [delivery("d2")])];
    expect(await commitGroup(store, ...applied)).toEqual(["ok", "ok", "ok"]);
    expect(await store.getHistory("a")).toEqual([startedOf(executionRecord("a"))]);
    expect(await claimableIds(store)).toEqual(["d2"]);
    expect(await commitGroup(store, receive("orders", "e1", [delivery("d3")]))).toEqual([
      "duplicate",
    ]);
  },

  "a commit that fails on one group's value records no event of any group": async (store) => {
    const unstorable = delivery("d2", { event: { amount: 10n } });
    const commit = store.commit([
      [receive("orders", "e1", [delivery("d1")])],
      [receive("orders", "e2", [unstorable])],
    ]);
    await expect(commit).rejects.toThrow();
    expect(await claimableIds(store)).toEqual([]);
    const results = await store.commit([
      [receive("orders", "e1", [delivery("d1")])],
      [receive("orders", "e2", [delivery("d2")])],
    ]);
    expect(results).toEqual([["ok"], ["ok"]]);
    expect(await claimableIds(store)).toEqual(["d1", "d2"]);
  },
};

/** A node started `startedAt` seconds after T0, last seen `seenAt` seconds after T0. */
function node(id: string, startedAt: number, seenAt: number, host = "host-1"): NodeRecord {
  return { id, host, pid: 4000 + id.length, startedAt: at(startedAt), seenAt: at(seenAt) };
}

/** Seconds in an hour: a recorded node's rows of others seen longer before it are deleted. */
const HOUR = 60 * 60;

const nodeCases: Record<string, Case> = {
  "recordNode inserts a node, and replaces it when recorded again with a later seenAt": async (
    store,
  ) => {
    const first = node("n1", 0, 1);
    await store.recordNode(first);
    expect(await store.listNodes(T0)).toEqual([first]);
    const recorded = { ...node("n1", 0, 11, "host-2"), pid: 77 };
    const again = { ...recorded };
    await store.recordNode(again);
    expect(await store.listNodes(T0)).toEqual([recorded]);
    // The store keeps its own copy: changing the one given or read changes nothing.
    again.seenAt = at(99);
    (await store.listNodes(T0))[0]!.host = "changed";
    expect(await store.listNodes(T0)).toEqual([recorded]);
  },

  "listNodes keeps the nodes seen at or after seenSince": async (store) => {
    await store.recordNode(node("early", 0, 1));
    await store.recordNode(node("boundary", 0, 5));
    await store.recordNode(node("late", 0, 10));
    const ids = async (seenSince: number) =>
      (await store.listNodes(seenSince)).map((listed) => listed.id);
    expect(await ids(at(0))).toEqual(["boundary", "early", "late"]);
    expect(await ids(at(5))).toEqual(["boundary", "late"]);
    expect(await ids(at(6))).toEqual(["late"]);
    expect(await ids(at(11))).toEqual([]);
  },

  "listNodes orders the nodes by startedAt, then by id in code unit order": async (store) => {
    for (const [id, startedAt] of [
      ["b", 2],
      ["a", 3],
      ["B", 2],
      ["_x", 2],
      ["c", 1],
    ] as const) {
      await store.recordNode(node(id, startedAt, 10));
    }
    expect((await store.listNodes(T0)).map((listed) => listed.id)).toEqual([
      "c",
      "B",
      "_x",
      "b",
      "a",
    ]);
  },

  "removeNode removes the node, and an unknown id is no error": async (store) => {
    await store.recordNode(node("a", 0, 1));
    await store.recordNode(node("b", 1, 1));
    await store.removeNode("a");
    await store.removeNode("ghost");
    expect(await store.listNodes(T0)).toEqual([node("b", 1, 1)]);
    await store.recordNode(node("a", 0, 2));
    expect(await store.listNodes(T0)).toEqual([node("a", 0, 2), node("b", 1, 1)]);
  },

  "recordNode deletes the nodes seen more than an hour before it, and only those": async (
    store,
  ) => {
    await store.recordNode(node("crashed", 0, 0));
    await store.recordNode(node("boundary", 0, 1));
    // Stale rows are listed from an early enough seenSince until a node is recorded.
    expect((await store.listNodes(0)).map((listed) => listed.id)).toEqual(["boundary", "crashed"]);
    await store.recordNode(node("recorder", HOUR, HOUR + 1));
    expect(await store.listNodes(0)).toEqual([
      node("boundary", 0, 1),
      node("recorder", HOUR, HOUR + 1),
    ]);
  },

  "a node recorded after more than an hour unseen keeps its row": async (store) => {
    await store.recordNode(node("sleeper", 0, 0));
    await store.recordNode(node("sleeper", 0, 2 * HOUR));
    expect(await store.listNodes(0)).toEqual([node("sleeper", 0, 2 * HOUR)]);
  },
};

const nextWakeTimeCases: Record<string, Case> = {
  "is undefined when nothing is pending": async (store) => {
    expect(await store.nextWakeTime()).toBeUndefined();
    await idleExecution(store, "a");
    await commitGroup(store, createExecution("b"));
    await endExecution(store, "b");
    expect(await store.nextWakeTime()).toBeUndefined();
  },

  "is no later than now while an inbox entry waits unclaimed": async (store) => {
    await commitGroup(store, createExecution("a"));
    const wake = await store.nextWakeTime();
    expect(typeof wake).toBe("number");
    expect(wake).toBeLessThanOrEqual(T0);
  },

  "is the lease's end while a claimed execution has inbox entries": async (store) => {
    await commitGroup(store, createExecution("a"));
    await store.claimWorkflowTasks(claim("w1", at(3)));
    expect(await store.nextWakeTime()).toBe(at(3) + LEASE);
  },

  "is the earliest due timer": async (store) => {
    await idleExecution(store, "a");
    await commitGroup(store, setTimer(timer("a", 1, at(9))), setTimer(timer("a", 2, at(4))));
    expect(await store.nextWakeTime()).toBe(at(4));
  },

  "is an activity's availableAt, then its lease's end once claimed": async (store) => {
    await idleExecution(store, "a");
    await commitGroup(store, schedule(activityTask("a", 1, { availableAt: at(3) })));
    expect(await store.nextWakeTime()).toBe(at(3));
    await store.claimActivityTasks(claim("w1", at(4)));
    expect(await store.nextWakeTime()).toBe(at(4) + LEASE);
  },

  "is a delivery's availableAt, then its lease's end once claimed": async (store) => {
    await commitGroup(store, createDeliveries(delivery("d1", { availableAt: at(3) })));
    expect(await store.nextWakeTime()).toBe(at(3));
    await store.claimDeliveries(claim("w1", at(4)));
    expect(await store.nextWakeTime()).toBe(at(4) + LEASE);
  },

  "is the earliest of everything pending": async (store) => {
    await idleExecution(store, "a");
    await commitGroup(
      store,
      setTimer(timer("a", 1, at(9))),
      schedule(activityTask("a", 2, { availableAt: at(6) })),
      createDeliveries(delivery("d1", { availableAt: at(7) })),
    );
    expect(await store.nextWakeTime()).toBe(at(6));
  },

  "ignores held executions, awaited activities and dead letters": async (store) => {
    await commitGroup(store, createExecution("a"));
    await runTask(store, "a", { history: [], consumed: [], held: diverged });
    await idleExecution(store, "b");
    await commitGroup(store, schedule(activityTask("b", 1)), createDeliveries(delivery("d1")));
    await store.claimActivityTasks(claim("w1"));
    await store.claimDeliveries(claim("w1"));
    await commitGroup(
      store,
      { type: "awaitActivity", executionId: "b", seq: 1 },
      { type: "deadLetterDelivery", id: "d1", error: cardDeclined },
    );
    expect(await store.nextWakeTime()).toBeUndefined();
  },
};

/** Executions whose start times tie, with ids that sort differently by locale and by code unit. */
async function createListed(store: Store): Promise<ExecutionRecord[]> {
  const listed: [string, number, string?][] = [
    ["b", 1],
    ["a", 2],
    ["B", 2],
    ["_x", 2, "refund"],
    ["c", 0],
    ["A~1", 2, "refund"],
    ["d", 3],
  ];
  const fields = listed.map(([id, second, workflowName = "checkout"]) => ({
    id,
    startTime: iso(at(second)),
    workflowName,
  }));
  await store.commit(fields.map((f) => [createExecution(f.id, f)]));
  return fields.map((f) => executionRecord(f.id, f));
}

/** In start-time order, ties broken by id in code unit order (as `<` compares strings). */
const listedAscending = ["c", "b", "A~1", "B", "_x", "a", "d"];

async function listAll(store: Store, query: Parameters<Store["listExecutions"]>[0]) {
  const pages: string[][] = [];
  let nextToken: string | undefined;
  do {
    const page = await store.listExecutions({ ...query, ...(nextToken ? { nextToken } : {}) });
    pages.push(page.executions.map((execution) => execution.id));
    nextToken = page.nextToken;
  } while (nextToken !== undefined && pages.length < 20);
  return pages;
}

const readCases: Record<string, Case> = {
  "getExecution returns undefined for an unknown id": async (store) => {
    expect(await store.getExecution("ghost")).toBeUndefined();
  },

  "getHistory returns an empty list before the first task and for an unknown id": async (store) => {
    await commitGroup(store, createExecution("a"));
    expect(await store.getHistory("a")).toEqual([]);
    expect(await store.getHistory("ghost")).toEqual([]);
  },

  "listExecutions filters by workflow, by status, and by both": async (store) => {
    await createListed(store);
    await endExecution(store, "a");
    await endExecution(store, "_x");
    const ids = async (query: Parameters<Store["listExecutions"]>[0]) =>
      (await store.listExecutions(query)).executions.map((execution) => execution.id);
    expect(await ids({ workflow: "refund" })).toEqual(["A~1", "_x"]);
    expect(await ids({ status: "SUCCEEDED" })).toEqual(["_x", "a"]);
    expect(await ids({ workflow: "refund", status: "IN_PROGRESS" })).toEqual(["A~1"]);
    expect(await ids({ workflow: "none" })).toEqual([]);
  },

  "listExecutions filters by whether an execution is held": async (store) => {
    await commitGroup(store, createExecution("a"), createExecution("b"), createExecution("c"));
    await runTask(store, "b", { history: [], consumed: [], held: diverged });
    await runTask(store, "c", { history: [], consumed: [], held: diverged });
    const ids = async (query: Parameters<Store["listExecutions"]>[0]) =>
      (await store.listExecutions(query)).executions.map((execution) => execution.id);
    expect(await ids({ held: true })).toEqual(["b", "c"]);
    expect(await ids({ held: true, order: "desc", limit: 1 })).toEqual(["c"]);
    expect(await ids({ held: false })).toEqual(["a"]);
    expect(await ids({ held: true, status: "SUCCEEDED" })).toEqual([]);
  },

  "keeps the version of the code that started an execution": async (store) => {
    await commitGroup(store, createExecution("a", { version: "2026-12-02" }));
    expect(await store.getExecution("a")).toEqual(executionRecord("a", { version: "2026-12-02" }));
    const { executions } = await store.listExecutions({});
    expect(executions[0]!.version).toBe("2026-12-02");
  },

  "listExecutions orders by start time then id, ascending unless desc is asked": async (store) => {
    const records = await createListed(store);
    const byId = (id: string) => records.find((record) => record.id === id);
    expect(await store.listExecutions({})).toEqual({ executions: listedAscending.map(byId) });
    expect((await store.listExecutions({ order: "asc" })).executions.map((e) => e.id)).toEqual(
      listedAscending,
    );
    expect((await store.listExecutions({ order: "desc" })).executions.map((e) => e.id)).toEqual(
      [...listedAscending].reverse(),
    );
  },

  "listExecutions pages through every execution once, with no nextToken on the last page": async (
    store,
  ) => {
    await createListed(store);
    expect(await listAll(store, { limit: 2 })).toEqual([
      ["c", "b"],
      ["A~1", "B"],
      ["_x", "a"],
      ["d"],
    ]);
    expect(await listAll(store, { limit: 3, order: "desc" })).toEqual([
      ["d", "a", "_x"],
      ["B", "A~1", "b"],
      ["c"],
    ]);
    expect(await listAll(store, { limit: 1, workflow: "refund" })).toEqual([["A~1"], ["_x"]]);
    expect(await listAll(store, { limit: 7 })).toEqual([listedAscending]);
  },

  "listExecutions rejects a nextToken it did not issue with InvalidPageToken": async (store) => {
    await createListed(store);
    for (const nextToken of ["not-a-token", "forged"]) {
      await expect(store.listExecutions({ nextToken })).rejects.toMatchObject({
        name: "InvalidPageToken",
      });
    }
  },

  "getLogs returns the logs of one execution, or of all, in the order appended": async (store) => {
    await commitGroup(store, createExecution("a"), createExecution("b"));
    const [a1, b1, a2] = [log("a", 1, "one"), log("b", 2, "two"), log("a", 3, "three")];
    expect(await commitGroup(store, { type: "appendLogs", logs: [a1, b1] })).toEqual(["ok"]);
    await commitGroup(store, { type: "appendLogs", logs: [a2] });
    expect(await store.getLogs({ executionId: "a" })).toEqual([a1, a2]);
    expect(await store.getLogs({})).toEqual([a1, b1, a2]);
    expect(await store.getLogs({ executionId: "ghost" })).toEqual([]);
  },

  "getLogs keeps logs that belong to no execution, listed with all of them": async (store) => {
    const own = log("a", 1, "in a workflow");
    const loose: LogRecord = {
      source: "subscription audit",
      time: at(2),
      level: "warn",
      message: "x",
    };
    await commitGroup(store, { type: "appendLogs", logs: [own, loose] });
    expect(await store.getLogs({})).toEqual([own, loose]);
    expect(await store.getLogs({ executionId: "a" })).toEqual([own]);
  },

  "getLogs with a limit returns the latest logs, oldest first": async (store) => {
    await commitGroup(store, createExecution("a"), createExecution("b"));
    const logs = [1, 2, 3, 4, 5].map((s) => log(s % 2 === 0 ? "b" : "a", s, `line ${s}`));
    await commitGroup(store, { type: "appendLogs", logs });
    expect(await store.getLogs({ limit: 2 })).toEqual(logs.slice(3));
    expect(await store.getLogs({ executionId: "a", limit: 2 })).toEqual([logs[2], logs[4]]);
    expect(await store.getLogs({ limit: 10 })).toEqual(logs);
    expect(await store.getLogs({ limit: 0 })).toEqual([]);
  },

  "getLogs keeps only the logs of a workflow's executions, written at or after since": async (
    store,
  ) => {
    await commitGroup(
      store,
      createExecution("pay~1", { workflowName: "pay" }),
      createExecution("ship~1", { workflowName: "ship" }),
      createExecution("pay~2", { workflowName: "pay" }),
    );
    const loose: LogRecord = {
      source: "subscription audit",
      time: at(5),
      level: "info",
      message: "x",
    };
    // Appended out of time order, as an activity's lines are after a later step's.
    const logs = [
      log("pay~1", 1, "a"),
      log("ship~1", 2, "b"),
      log("pay~2", 4, "c"),
      log("pay~1", 3, "d"),
    ];
    await commitGroup(store, { type: "appendLogs", logs: [...logs, loose] });
    expect(await store.getLogs({ workflow: "pay" })).toEqual([logs[0], logs[2], logs[3]]);
    expect(await store.getLogs({ since: at(3) })).toEqual([logs[2], logs[3], loose]);
    expect(await store.getLogs({ workflow: "pay", since: at(3) })).toEqual([logs[2], logs[3]]);
    expect(await store.getLogs({ workflow: "pay", since: at(2), limit: 1 })).toEqual([logs[3]]);
    expect(await store.getLogs({ executionId: "pay~1", since: at(2) })).toEqual([logs[3]]);
    expect(await store.getLogs({ workflow: "ship", executionId: "pay~1" })).toEqual([]);
    expect(await store.getLogs({ workflow: "none" })).toEqual([]);
  },
};

const jsonCases: Record<string, Case> = {
  "stores values as JSON: a Date becomes its ISO string, undefined properties vanish": async (
    store,
  ) => {
    const when = new Date(at(1));
    const value = { when, gone: undefined, list: [{ at: when, gone: undefined }] };
    const json = { when: iso(at(1)), list: [{ at: iso(at(1)) }] };
    await commitGroup(store, createExecution("a", { input: value }));
    const [task] = await store.claimWorkflowTasks(claim("w1"));
    expect(task!.inbox[0]!.event).toStrictEqual({
      ...startedOf(executionRecord("a")),
      input: json,
    });
    const history: HistoryEvent[] = [{ ...signal("go"), payload: value }];
    const ended = { status: "SUCCEEDED", result: value, endTime: iso(at(1)) } as const;
    await commitGroup(
      store,
      ...completion(task!, "w1", { history }),
      createExecution("b", { input: undefined }),
      schedule(activityTask("b", 1, { args: [value, undefined] })),
      createDeliveries(delivery("d1", { event: value })),
    );
    expect((await store.getHistory("a"))[0]).toStrictEqual({ ...signal("go"), payload: json });
    expect((await store.claimActivityTasks(claim("w1")))[0]!.args).toStrictEqual([json, null]);
    expect((await store.claimDeliveries(claim("w1")))[0]!.event).toStrictEqual(json);
    expect(Object.keys((await store.getExecution("b"))!)).not.toContain("input");
    await commitGroup(store, append("a", signal("finish")));
    await runTask(store, "a", { ended });
    expect((await store.getExecution("a"))!.input).toStrictEqual(json);
    expect((await store.getExecution("a"))!.result).toStrictEqual(json);
  },

  "keeps its own copies: changing a value after writing or reading it changes nothing": async (
    store,
  ) => {
    type Items = { items: number[] };
    const original = executionRecord("a", { input: { items: [1] } });
    const execution = executionRecord("a", { input: { items: [1] } });
    const error = { ...cardDeclined };
    const record = delivery("d1");
    await commitGroup(
      store,
      { type: "createExecution", execution, started: startedOf(execution) },
      createDeliveries(record),
    );
    (execution.input as Items).items.push(2);
    const read = (await store.getExecution("a"))!;
    (read.input as Items).items.push(3);
    read.status = "FAILED";
    expect(await store.getExecution("a")).toEqual(original);

    const [task] = await store.claimWorkflowTasks(claim("w1"));
    (task!.inbox[0]!.event as WorkflowStarted).input = "changed";
    task!.execution.historyLength = 99;
    await commitGroup(store, release("a", "w1"));
    const [again] = await store.claimWorkflowTasks(claim("w2"));
    expect(again).toEqual({
      execution: original,
      inbox: [{ id: expect.any(Number), event: startedOf(original) }],
    });

    const history = [signal("go")];
    await commitGroup(store, ...completion(again!, "w2", { history }));
    history[0]!.timestamp = "changed";
    (await store.getHistory("a"))[0]!.timestamp = "changed";
    expect(await store.getHistory("a")).toEqual([signal("go")]);

    await store.claimDeliveries(claim("w1"));
    await commitGroup(store, { type: "retryDelivery", id: "d1", availableAt: at(1), error });
    error.message = "changed";
    record.eventName = "changed";
    const [claimed] = await store.claimDeliveries(claim("w1", at(1)));
    expect(claimed).toEqual({
      ...delivery("d1"),
      attempt: 2,
      availableAt: at(1),
      lastError: cardDeclined,
    });
  },
};

// The writes of the local fast path: a start whose first task already ran, and an activity's
// completion applied by the process that ran it, without a claim.

const localStepCases: Record<string, Case> = {
  "startExecution creates an execution with its first step's history, no inbox, and the group's other writes apply":
    async (store) => {
      const execution = executionRecord("s");
      const history: HistoryEvent[] = [startedOf(execution), scheduled(0)];
      const task = activityTask("s", 0, { attempt: 1 });
      const write: Write = {
        type: "startExecution",
        execution,
        history,
        timers: [timer("s", 9, at(60))],
      };
      const effect: Write = {
        type: "scheduleActivity",
        task,
        claim: { owner: "w1", leaseUntil: at(30) },
      };
      expect(await commitGroup(store, requireNew("s"), write, effect)).toEqual([
        "ok",
        "created",
        "ok",
      ]);
      expect(await store.getExecution("s")).toEqual({ ...execution, historyLength: 2 });
      expect(await store.getHistory("s")).toEqual(history);
      expect(await store.claimWorkflowTasks(claim("w2", at(1)))).toEqual([]);
      expect(await store.claimActivityTasks(claim("w2", at(30) - 1))).toEqual([]);
      expect(await store.claimActivityTasks(claim("w2", at(30)))).toEqual([
        { ...task, attempt: 2 },
      ]);
      expect(await store.fireDueTimers(at(60), 10)).toBe(1);
    },

  "requireNewExecution of an id already taken: every result of the group is exists, nothing applies":
    async (store) => {
      await commitGroup(store, createExecution("s"));
      const execution = executionRecord("s", { input: { other: true } });
      const write: Write = {
        type: "startExecution",
        execution,
        history: [startedOf(execution), scheduled(0)],
        timers: [timer("s", 9, at(1))],
      };
      const effect = schedule(activityTask("s", 0));
      expect(await commitGroup(store, requireNew("s"), write, effect)).toEqual([
        "exists",
        "exists",
        "exists",
      ]);
      expect(await store.getHistory("s")).toEqual([]);
      expect(await store.getExecution("s")).toEqual(executionRecord("s"));
      expect(await store.claimActivityTasks(claim("w1", at(10)))).toEqual([]);
      expect(await store.fireDueTimers(at(10), 10)).toBe(0);
    },

  "starts committed together: each new id created, a taken one exists, even if taken just before":
    async (store) => {
      await commitGroup(store, createExecution("b"));
      const start = (id: string, input: unknown): Write => {
        const execution = executionRecord(id, { input });
        return {
          type: "startExecution",
          execution,
          history: [startedOf(execution), scheduled(0)],
        };
      };
      const group = (id: string, input: unknown): Write[] => [
        requireNew(id),
        start(id, input),
        schedule(activityTask(id, 0)),
      ];
      const results = await store.commit([group("a", 1), group("b", 2), group("a", 3)]);
      const exists = ["exists", "exists", "exists"];
      expect(results).toEqual([["ok", "created", "ok"], exists, exists]);
      expect(await store.getExecution("a")).toMatchObject({ input: 1, historyLength: 2 });
      expect(await store.getExecution("b")).toEqual(executionRecord("b"));
      const claimed = await store.claimActivityTasks(claim("w1", at(10)));
      expect(claimed.map((task) => task.executionId)).toEqual(["a"]);
    },

  "startExecution of a workflow that ended in its first step records the end": async (store) => {
    const execution = executionRecord("s");
    const ended = { status: "SUCCEEDED", result: 7, endTime: iso(T0) } as const;
    const history: HistoryEvent[] = [
      startedOf(execution),
      { type: "WorkflowSucceeded", result: 7, timestamp: iso(T0) },
    ];
    await commitGroup(store, requireNew("s"), {
      type: "startExecution",
      execution,
      history,
      ended,
    });
    expect(await store.getExecution("s")).toEqual({ ...execution, ...ended, historyLength: 2 });
    expect(await commitGroup(store, append("s", signal("late")))).toEqual(["ended"]);
  },

  "an unclaimed completion applies an activity's result straight into history": async (store) => {
    await idleExecution(store, "a");
    await commitGroup(
      store,
      schedule(activityTask("a", 0), [activityTimer("a", 0, at(60), "timeout")]),
    );
    const [results] = await store.commit([localCompletion("a", 0, 1)]);
    expect(results).toEqual(["ok", "ok", "ok", "ok"]);
    expect((await store.getHistory("a")).at(-1)).toEqual(succeeded(0));
    expect(await store.getExecution("a")).toMatchObject({ historyLength: 2 });
    expect(await store.claimWorkflowTasks(claim("w1", at(1)))).toEqual([]);
    // The task and its timers are gone: nothing can complete it again.
    expect(await store.fireDueTimers(at(60), 10)).toBe(0);
    expect(await commitGroup(store, settle("a", 0, succeeded(0, at(2))))).toEqual(["stale"]);
  },

  "an unclaimed completion is a conflict while the inbox holds anything": async (store) => {
    await idleExecution(store, "a");
    await commitGroup(store, schedule(activityTask("a", 0)), append("a", signal("first")));
    expect(await store.commit([localCompletion("a", 0, 1)])).toEqual([
      ["conflict", "conflict", "conflict", "conflict"],
    ]);
    // Rolled back: the task is still there to be settled the ordinary way.
    expect(await commitGroup(store, settle("a", 0, succeeded(0)))).toEqual(["ok"]);
    expect(await inboxEvents(store, "a")).toEqual([signal("first"), succeeded(0)]);
  },

  "an unclaimed completion is a conflict while anyone holds a live lease on the execution": async (
    store,
  ) => {
    await idleExecution(store, "a");
    await commitGroup(store, schedule(activityTask("a", 0)), append("a", signal("go")));
    await store.claimWorkflowTasks(claim("w1", T0)); // leased until T0 + LEASE, inbox [go]
    await store.commit([[release("a", "w1")]]);
    await store.claimWorkflowTasks(claim("w1", T0));
    await runTask(store, "a", {}, T0 + LEASE); // the lease expired; the task ran and consumed go
    await store.claimWorkflowTasks(claim("w2", T0 + LEASE)); // nothing waiting: no lease taken
    expect(await store.commit([localCompletion("a", 0, 2, T0 + LEASE)])).toEqual([
      ["ok", "ok", "ok", "ok"],
    ]);
  },

  "an unclaimed completion is a conflict if the activity was already settled": async (store) => {
    await idleExecution(store, "a");
    await commitGroup(store, schedule(activityTask("a", 0)));
    await commitGroup(store, settle("a", 0, succeeded(0)));
    await runTask(store, "a");
    expect(await store.commit([localCompletion("a", 0, 2)])).toEqual([
      ["conflict", "conflict", "conflict", "conflict"],
    ]);
    expect(await store.getHistory("a")).toEqual([startedOf(executionRecord("a")), succeeded(0)]);
  },

  "a timer fired where its instance is applies straight into history": async (store) => {
    await idleExecution(store, "a");
    const sleep = timer("a", 3, at(5));
    await commitGroup(store, setTimer(sleep));
    const [results] = await store.commit([localTimerFiring("a", sleep, 1)]);
    expect(results).toEqual(["ok", "ok", "ok", "ok"]);
    expect((await store.getHistory("a")).at(-1)).toEqual(timerCompleted(3));
    // The stored timer is gone: it cannot fire a second time.
    expect(await store.fireDueTimers(at(10), 10)).toBe(0);
    expect(await store.nextWakeTime()).toBeUndefined();
  },

  "moveTimer makes an existing timer due at another time, and creates none": async (store) => {
    await idleExecution(store, "a");
    const sleep = timer("a", 3, at(60));
    await commitGroup(store, setTimer(sleep));
    expect(await commitGroup(store, { type: "moveTimer", id: sleep.id, dueTime: at(2) })).toEqual([
      "ok",
    ]);
    expect(await store.nextWakeTime()).toBe(at(2));
    expect(await store.fireDueTimers(at(2), 10)).toBe(1);
    expect(await commitGroup(store, { type: "moveTimer", id: sleep.id, dueTime: at(3) })).toEqual([
      "stale",
    ]);
    expect(await store.fireDueTimers(at(100), 10)).toBe(0);
  },

  "a timer fired where its instance is, after the store fired it, is a conflict": async (store) => {
    await idleExecution(store, "a");
    const sleep = timer("a", 3, at(5));
    await commitGroup(store, setTimer(sleep));
    expect(await store.fireDueTimers(at(5), 10)).toBe(1);
    expect(await store.commit([localTimerFiring("a", sleep, 1)])).toEqual([
      ["conflict", "conflict", "conflict", "conflict"],
    ]);
    expect(await inboxEvents(store, "a", at(5))).toEqual([fired(sleep, at(5))]);
  },

  "refuses only the groups whose guards fail, among many committed together": async (store) => {
    for (const id of ["a", "b", "c", "d", "e"]) {
      await idleExecution(store, id);
      await commitGroup(store, schedule(activityTask(id, 0)));
    }
    await commitGroup(store, settle("e", 0, succeeded(0)));
    const results = await store.commit([
      localCompletion("a", 0, 1),
      localCompletion("b", 0, 7),
      localCompletion("c", 0, 1),
      localCompletion("d", 0, 7),
      localCompletion("e", 0, 1),
    ]);
    const ok = ["ok", "ok", "ok", "ok"];
    const conflict = ["conflict", "conflict", "conflict", "conflict"];
    expect(results).toEqual([ok, conflict, ok, conflict, conflict]);
    for (const id of ["a", "c"]) expect((await store.getHistory(id)).at(-1)).toEqual(succeeded(0));
    for (const id of ["b", "d", "e"]) expect(await store.getHistory(id)).toHaveLength(1);
    // b's and d's tasks were left as they were: they can still complete.
    expect(await store.commit([localCompletion("b", 0, 1), localCompletion("d", 0, 1)])).toEqual([
      ok,
      ok,
    ]);
  },

  "an unclaimed completion is a conflict when the history moved on": async (store) => {
    await idleExecution(store, "a");
    await commitGroup(store, schedule(activityTask("a", 0)));
    expect(await store.commit([localCompletion("a", 0, 5)])).toEqual([
      ["conflict", "conflict", "conflict", "conflict"],
    ]);
  },
};

/** The group a timer commits when it fires where its live instance is: settle and apply. */
function localTimerFiring(executionId: string, fired: TimerRecord, historyLength: number): Write[] {
  const key = fired.key!;
  const seq = Number(key.slice(key.indexOf(":") + 1));
  return [
    { type: "requireTimer", executionId, id: fired.id },
    { type: "deleteTimer", executionId, id: fired.id },
    { type: "requireTask", executionId, historyLength, lease: { freeAt: T0 } },
    {
      type: "appendHistory",
      executionId,
      historyLength,
      history: [timerCompleted(seq)],
      consumed: [],
    },
  ];
}

function timerCompleted(seq: number): InputEvent {
  return { type: "TimerCompleted", seq, timestamp: iso(T0) };
}

/** The group an activity's completion commits where its live instance is: settle and apply. */
function localCompletion(
  executionId: string,
  seq: number,
  historyLength: number,
  now = T0,
): Write[] {
  return [
    { type: "requireActivity", executionId, seq },
    { type: "removeActivity", executionId, seq },
    { type: "requireTask", executionId, historyLength, lease: { freeAt: now } },
    {
      type: "appendHistory",
      executionId,
      historyLength,
      history: [succeeded(seq)],
      consumed: [],
    },
  ];
}

function scheduled(seq: number): HistoryEvent {
  return { type: "ActivityScheduled", seq, name: "chargeCard", args: [], timestamp: iso(T0) };
}

const suites: Record<string, Record<string, Case>> = {
  commit: commitCases,
  createExecution: createExecutionCases,
  appendInbox: appendInboxCases,
  claimWorkflowTasks: claimWorkflowTasksCases,
  "requireTask and appendHistory, releaseWorkflowTask and releaseHolds": workflowTaskCases,
  activities: activityCases,
  timers: timerCases,
  deliveries: deliveryCases,
  receiveEvent: receiveEventCases,
  "nodes: recordNode, listNodes and removeNode": nodeCases,
  nextWakeTime: nextWakeTimeCases,
  reads: readCases,
  "values as JSON": jsonCases,
  "local steps: startExecution, unclaimed completions and timers": localStepCases,
};
