import type { LogRecord, SignalReceived, Write } from "@eventual/engine";
import { storeConformance } from "@eventual/store-conformance";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { claim, completion, createExecution, delivery, sleepTimer, T0 } from "../test/records.js";
import { createTestDatabase, type TestDatabase } from "../test/test-database.js";
import { PostgresStore } from "./postgres-store.js";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

async function freshStore(): Promise<PostgresStore> {
  await database.clear();
  return PostgresStore.open(database.url);
}

storeConformance("PostgresStore", freshStore);

describe("PostgresStore text", () => {
  const awkward = `quote " backslash \\ brace {} comma , é 🙂 NULL "null"`;

  it("keeps awkward strings exactly through the statements that insert many rows at once", async () => {
    const store = await freshStore();
    try {
      await store.commit([[createExecution("a")]]);
      const [task] = await store.claimWorkflowTasks(claim("w1"));
      const said: SignalReceived = {
        type: "SignalReceived",
        signal: awkward,
        payload: { awkward },
        timestamp: new Date(T0).toISOString(),
      };
      const { timestamp, ...timerEvent } = said;
      const log: LogRecord = {
        executionId: "a",
        source: awkward,
        time: T0,
        level: "info",
        message: awkward,
      };
      const writes: Write[] = [
        ...completion(task!, "w1", [said]),
        { type: "setTimer", timer: { ...sleepTimer("a", 1), event: timerEvent } },
        { type: "createDeliveries", deliveries: [{ ...delivery(awkward), event: { awkward } }] },
        { type: "appendLogs", logs: [log] },
      ];
      expect(await store.commit([writes])).toEqual([["ok", "ok", "ok", "ok", "ok"]]);
      expect(await store.getHistory("a")).toEqual([said]);
      expect(await store.getLogs({})).toEqual([log]);
      expect(await store.claimDeliveries(claim("w1"))).toMatchObject([
        { id: awkward, event: { awkward } },
      ]);
      await store.fireDueTimers(T0, 10);
      const [fired] = await store.claimWorkflowTasks(claim("w1"));
      expect(fired!.inbox.map((entry) => entry.event)).toEqual([{ ...said, timestamp }]);
    } finally {
      await store.close();
    }
  });

  it("stores a log line holding U+0000, which PostgreSQL text cannot, with U+FFFD instead", async () => {
    const store = await freshStore();
    try {
      const log: LogRecord = { source: "workflow", time: T0, level: "info", message: "a\u0000b" };
      expect(await store.commit([[{ type: "appendLogs", logs: [log] }]])).toEqual([["ok"]]);
      expect(await store.getLogs({})).toEqual([{ ...log, message: "a\uFFFDb" }]);
    } finally {
      await store.close();
    }
  });
});

describe("PostgresStore commit", () => {
  it("says once that a commit's writes are applied, before the commit resolves", async () => {
    const store = await freshStore();
    try {
      const told: string[] = [];
      const results = await store
        .commit([[createExecution("a")]], () => told.push("applied"))
        .finally(() => told.push("committed"));
      expect(results).toEqual([["created"]]);
      expect(told).toEqual(["applied", "committed"]);
    } finally {
      await store.close();
    }
  });

  it("says it once even when a refused group makes the commit run again", async () => {
    const store = await freshStore();
    try {
      let told = 0;
      const stale: Write = {
        type: "requireTask",
        executionId: "missing",
        historyLength: 0,
        lease: { freeAt: T0 },
      };
      const results = await store.commit([[createExecution("a")], [stale]], () => told++);
      expect(results).toEqual([["created"], ["conflict"]]);
      expect(told).toBe(1);
    } finally {
      await store.close();
    }
  });
});
