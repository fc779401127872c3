import { activity, event, signal, workflow } from "@eventual/core";
import { describe, expect, it } from "vitest";
import { TestEnvironment } from "../src/index.js";

const weigh = activity("logs.weigh", (parcel: string) => {
  console.log("weighing %s", parcel);
  console.warn("scale needs calibration");
  return 3;
});
const shipped = event<{ parcel: string }>("logs.Shipped");
shipped.onEvent("logs.notify", (e) => {
  console.info(`notifying about ${e.parcel}`);
});
const go = signal("logs.go");

const ship = workflow("logs.ship", async (parcel: string) => {
  console.log(`shipping ${parcel}`);
  const kg = await weigh(parcel);
  await go.expectSignal();
  console.error(`${parcel} weighs ${kg} kg`);
  await shipped.publishEvents({ parcel });
  return kg;
});

describe("console output of service code", () => {
  for (const cacheSize of [undefined, 0]) {
    const mode = cacheSize === 0 ? "replaying on every event" : "with the instance cache";
    it(`is stored once per line with its execution, ${mode}`, async () => {
      const env = new TestEnvironment({ start: "2026-03-01T00:00:00Z", cacheSize });
      await env.initialize();
      const execution = await env.startExecution(ship, "p-1");
      await env.tick(5);
      await env.sendSignal(execution, go);
      const logs = await env.engine.getLogs(execution.executionId);
      expect(logs.map(({ source, level, message }) => ({ source, level, message }))).toEqual([
        { source: "workflow", level: "info", message: "shipping p-1" },
        { source: "activity logs.weigh", level: "info", message: "weighing p-1" },
        { source: "activity logs.weigh", level: "warn", message: "scale needs calibration" },
        { source: "workflow", level: "error", message: "p-1 weighs 3 kg" },
        { source: "subscription logs.notify", level: "info", message: "notifying about p-1" },
      ]);
      const at = (i: number) => new Date(logs[i]!.time).toISOString();
      expect([at(0), at(3)]).toEqual(["2026-03-01T00:00:00.000Z", "2026-03-01T00:00:05.000Z"]);
    });
  }

  it("keeps a subscriber's output without an execution when the event came from outside", async () => {
    const env = new TestEnvironment();
    await env.initialize();
    await env.publishEvent(shipped, { parcel: "p-2" });
    expect(await env.engine.store.getLogs({})).toEqual([
      expect.objectContaining({
        source: "subscription logs.notify",
        message: "notifying about p-2",
      }),
    ]);
    expect((await env.engine.store.getLogs({}))[0]).not.toHaveProperty("executionId");
  });
});
