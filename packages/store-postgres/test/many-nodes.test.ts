import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { PostgresStore } from "../src/postgres-store.js";
import {
  activityTask,
  claim,
  completion,
  createExecution,
  delivery,
  LEASE,
  sleepTimer,
  T0,
} from "./records.js";
import { createTestDatabase, type TestDatabase } from "./test-database.js";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

/** Two nodes: two stores, each with its own pool, on one database. */
let a: PostgresStore;
let b: PostgresStore;
beforeEach(async () => {
  await database.clear();
  [a, b] = await Promise.all([PostgresStore.open(database.url), PostgresStore.open(database.url)]);
});
afterEach(async () => {
  await Promise.all([a.close(), b.close()]);
});

const ids = (count: number, prefix: string) =>
  Array.from({ length: count }, (_, i) => `${prefix}-${i}`);

/** Claims from both nodes at once, round after round, until neither gets anything. */
async function claimAll<T>(claimOn: (node: PostgresStore, owner: string) => Promise<T[]>) {
  const claimed: T[] = [];
  for (;;) {
    const round = (await Promise.all([claimOn(a, "a"), claimOn(b, "b")])).flat();
    if (round.length === 0) return claimed;
    claimed.push(...round);
  }
}

describe("PostgresStore shared by two nodes", () => {
  it("applies a workflow task committed by both nodes at once exactly once", async () => {
    const executions = ids(20, "race");
    await a.commit(executions.map((id) => [createExecution(id)]));
    const tasks = await a.claimWorkflowTasks(claim("w1"));
    const outcomes = await Promise.all(
      tasks.map((task) => Promise.all([a, b].map((node) => node.commit([completion(task, "w1")])))),
    );
    for (const outcome of outcomes) {
      expect(outcome.flat(2).sort()).toEqual(["conflict", "conflict", "ok", "ok"]);
    }
    for (const id of executions) expect(await b.getHistory(id)).toHaveLength(1);
  });

  it("lets only the node that took over an expired lease commit the task", async () => {
    await a.commit([[createExecution("x")]]);
    const [old] = await a.claimWorkflowTasks(claim("a"));
    const [current] = await b.claimWorkflowTasks(claim("b", T0 + LEASE));
    const results = await Promise.all([
      a.commit([completion(old!, "a")]),
      b.commit([completion(current!, "b")]),
    ]);
    expect(results).toEqual([[["conflict", "conflict"]], [["ok", "ok"]]]);
  });

  it("never hands the same execution, activity or delivery to both nodes", async () => {
    const executions = ids(60, "wf");
    await a.commit(executions.map((id) => [createExecution(id)]));
    await a.commit([
      executions.map((id) => ({ type: "scheduleActivity", task: activityTask(id, 1) })),
      [{ type: "createDeliveries", deliveries: ids(60, "d").map(delivery) }],
    ]);
    const tasks = await claimAll((node, owner) => node.claimWorkflowTasks(claim(owner, T0, 7)));
    const activities = await claimAll((node, owner) =>
      node.claimActivityTasks(claim(owner, T0, 7)),
    );
    const deliveries = await claimAll((node, owner) => node.claimDeliveries(claim(owner, T0, 7)));
    expect(tasks.map((task) => task.execution.id).sort()).toEqual([...executions].sort());
    expect(activities.map((task) => task.executionId).sort()).toEqual([...executions].sort());
    expect(deliveries.map((d) => d.id).sort()).toEqual(ids(60, "d").sort());
  });

  it("fires each due timer once when both nodes fire timers at once", async () => {
    const executions = ids(40, "sleep");
    await a.commit(executions.map((id) => [createExecution(id)]));
    const started = await a.claimWorkflowTasks(claim("a"));
    await a.commit([started.flatMap((task) => completion(task, "a"))]);
    await a.commit([executions.map((id) => ({ type: "setTimer", timer: sleepTimer(id, 1) }))]);
    let fired = 0;
    for (;;) {
      const round = await Promise.all([a.fireDueTimers(T0, 7), b.fireDueTimers(T0, 7)]);
      if (round[0] + round[1] === 0) break;
      fired += round[0] + round[1];
    }
    expect(fired).toBe(executions.length);
    const tasks = await a.claimWorkflowTasks(claim("a", T0, 100));
    expect(tasks).toHaveLength(executions.length);
    for (const task of tasks) {
      expect(task.inbox.map((entry) => entry.event)).toEqual([
        { type: "TimerCompleted", seq: 1, timestamp: new Date(T0).toISOString() },
      ]);
    }
  });
});
