import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PostgresStore } from "../src/postgres-store.js";
import { PostgresCluster } from "./postgres-server.js";
import { activityTask, claim, completion, createExecution, sleepTimer, T0 } from "./records.js";
import { createTestDatabase, type TestDatabase } from "./test-database.js";

/** An `onWake` whose calls a test can await one at a time. */
function wakeups() {
  let waiting: (() => void)[] = [];
  return {
    onWake: () => {
      const woken = waiting;
      waiting = [];
      for (const wake of woken) wake();
    },
    next: () => new Promise<void>((resolve) => waiting.push(resolve)),
  };
}

describe("PostgresStore wake-ups", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database.drop();
  });

  it("wakes a subscribed node whenever another node commits work", async () => {
    const [node, other] = await Promise.all([
      PostgresStore.open(database.url),
      PostgresStore.open(database.url),
    ]);
    const woken = wakeups();
    const unsubscribe = await node.subscribeToWakeups(woken.onWake);
    try {
      let next = woken.next();
      await other.commit([[createExecution("x")]]);
      await next;

      const [task] = await other.claimWorkflowTasks(claim("other"));
      next = woken.next();
      await other.commit([
        [
          ...completion(task!, "other"),
          { type: "scheduleActivity", task: activityTask("x", 1) },
          { type: "setTimer", timer: sleepTimer("x", 2) },
        ],
      ]);
      await next;

      next = woken.next();
      expect(await other.fireDueTimers(T0, 10)).toBe(1);
      await next;
    } finally {
      await unsubscribe();
      await Promise.all([node.close(), other.close()]);
    }
  });

  it("lives through a database restart: queries fail while it is down and work after, and the listener reconnects and wakes", async () => {
    const cluster = await PostgresCluster.start();
    const reported: Error[] = [];
    const node = await PostgresStore.open({
      connectionString: cluster.url,
      onError: (error) => reported.push(error),
    });
    const other = await PostgresStore.open(cluster.url);
    try {
      const woken = wakeups();
      await node.subscribeToWakeups(woken.onWake);
      expect(await node.getExecution("x")).toBeUndefined();

      const backAfterRestart = woken.next();
      await cluster.stopServer();
      await expect(node.getExecution("x")).rejects.toThrow();
      await cluster.startServer();
      // Notifications sent while it was away are lost, so being back is itself a wake-up.
      await backAfterRestart;
      expect(reported.length).toBeGreaterThan(0);

      const next = woken.next();
      await other.commit([[createExecution("x")]]);
      await next;
      expect(await node.getExecution("x")).toMatchObject({ id: "x", status: "IN_PROGRESS" });
    } finally {
      await Promise.all([node.close(), other.close()]);
      await cluster.destroy();
    }
  });
});
