import { activity, event, signal, workflow } from "@eventual/core";
import { installServiceRuntime } from "@eventual/core/internal";
import { Engine } from "@eventual/engine";
import { describe, expect, it } from "vitest";
import { SqliteStore } from "../src/index.js";

const part = activity("sqlite.part", async (n: number) => n);
const fanOut = workflow("sqlite.fanOut", async (count: number) => {
  const parts = await Promise.all(Array.from({ length: count }, (_, n) => part(n)));
  return parts.reduce((sum, n) => sum + n, 0);
});

const tick = event<{ n: number }>("sqlite.Tick");
let delivered = 0;
for (const name of ["a", "b", "c"]) {
  tick.onEvent(`sqlite.count-${name}`, async () => {
    delivered++;
  });
}

let lookups = 0;
const lookUp = activity(
  "sqlite.lookUp",
  // Long enough that the signal sent after the start arrives while nothing waits for it.
  { retry: { maxAttempts: 2, initialInterval: 0.3 } },
  (key: string) => {
    if (++lookups === 1) throw new Error("cold cache");
    return `value of ${key}`;
  },
);
const go = signal<string>("sqlite.go");
const lookUpThenGo = workflow("sqlite.lookUpThenGo", async () => {
  const value = await lookUp("k");
  return [value, await go.expectSignal({ timeout: 60 })];
});

describe("a live engine on SQLite, signalled while it retries an activity", () => {
  it("records the failed attempt and keeps the signal for the expectSignal after it", async () => {
    const engine = new Engine({ store: SqliteStore.open(":memory:"), echoLogs: false });
    engine.start({ maxIdleMs: Infinity });
    try {
      const { executionId } = await engine.startExecution({ workflow: lookUpThenGo.workflowName });
      await engine.sendSignal({ executionId, signal: go.name, payload: "early" });

      expect(await engine.waitForExecution(executionId, 5_000)).toMatchObject({
        status: "SUCCEEDED",
        result: ["value of k", "early"],
      });
      const types = (await engine.getHistory(executionId)).map((e) => e.type);
      // The signal and the failed attempt race into the inbox; both come before the success.
      expect(types.slice(2, 4).sort()).toEqual(["ActivityRetrying", "SignalReceived"]);
      expect(types.slice(4)).toEqual(["ActivitySucceeded", "WorkflowSucceeded"]);
    } finally {
      await engine.stop();
    }
  });
});

describe("a live engine on SQLite with more work due than its workers hold", () => {
  it("runs it all, and stays responsive meanwhile", async () => {
    const engine = new Engine({ store: SqliteStore.open(":memory:"), echoLogs: false });
    installServiceRuntime(engine);
    engine.start({ maxIdleMs: Infinity });
    try {
      // 600 activities and 1,500 deliveries at once, against workers of 200 each.
      const { executionId } = await engine.startExecution({
        workflow: fanOut.workflowName,
        input: 600,
      });
      await engine.publishEvents(
        Array.from({ length: 500 }, (_, n) => ({ name: tick.name, event: { n } })),
      );
      let timerRan = false;
      setTimeout(() => {
        timerRan = true;
      }, 1);
      expect(await engine.waitForExecution(executionId, 10_000)).toMatchObject({
        status: "SUCCEEDED",
        result: (599 * 600) / 2,
      });
      await expect.poll(() => delivered, { timeout: 10_000 }).toBe(1500);
      expect(timerRan).toBe(true);
    } finally {
      await engine.stop();
    }
  });
});
