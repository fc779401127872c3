import { activity, signal, workflow } from "@eventual/core";
import { Engine } from "@eventual/engine";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PostgresStore } from "../src/postgres-store.js";
import { createTestDatabase, type TestDatabase } from "./test-database.js";

const approval = signal<{ extra: number }>("postgres.approval");
const double = activity("postgres.double", async (n: number) => n * 2);
const approvedDoubling = workflow("postgres.approvedDoubling", async (n: number) => {
  const { extra } = await approval.expectSignal();
  return double(await double(n + extra));
});

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

/** Calls `then` each time the engine using `store` has run out of work and is about to sleep. */
function whenIdle(store: PostgresStore, then: () => void): void {
  const nextWakeTime = store.nextWakeTime.bind(store);
  store.nextWakeTime = async () => {
    const next = await nextWakeTime();
    then();
    return next;
  };
}

/** Resolves once the engine using `store` listens for wake-ups. */
function listening(store: PostgresStore): Promise<void> {
  const subscribe = store.subscribeToWakeups.bind(store);
  return new Promise((resolve) => {
    store.subscribeToWakeups = async (onWake) => {
      const unsubscribe = await subscribe(onWake);
      resolve();
      return unsubscribe;
    };
  });
}

describe("engines on PostgreSQL", () => {
  it("runs on one node what another node starts and signals, woken only by NOTIFY", async () => {
    const [front, back] = await Promise.all([
      PostgresStore.open(database.url),
      PostgresStore.open(database.url),
    ]);
    // The front node only writes; the back node runs the work, and never polls for it.
    const starter = new Engine({ store: front, owner: "front", echoLogs: false });
    const runner = new Engine({ store: back, owner: "back", echoLogs: false });
    let idle = () => {};
    whenIdle(back, () => idle());
    const asleep = () => new Promise<void>((resolve) => (idle = resolve));
    const listens = listening(back);
    runner.start({ maxIdleMs: Infinity });
    try {
      await listens;
      await asleep();
      const { executionId } = await starter.startExecution({
        workflow: approvedDoubling.workflowName,
        input: 5,
      });
      // Asleep again once the first step ran (it runs in the background, so the loop may sleep
      // before it commits): only a notification can bring the signal to it.
      do await asleep();
      while ((await starter.getHistory(executionId)).length === 0);
      expect(await starter.getHistory(executionId)).toHaveLength(1);
      await starter.sendSignal({ executionId, signal: approval.name, payload: { extra: 1 } });
      expect(await runner.waitForExecution(executionId, 10_000)).toMatchObject({
        status: "SUCCEEDED",
        result: 24,
      });
      const history = await starter.getHistory(executionId);
      expect(history.map((event) => event.type)).toEqual([
        "WorkflowStarted",
        "SignalReceived",
        "ActivityScheduled",
        "ActivitySucceeded",
        "ActivityScheduled",
        "ActivitySucceeded",
        "WorkflowSucceeded",
      ]);
    } finally {
      await runner.stop();
      await Promise.all([front.close(), back.close()]);
    }
  });
});
