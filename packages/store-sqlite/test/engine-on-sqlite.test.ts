import { activity, event, workflow } from "@eventual/core";
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
