import { once } from "node:events";
import { activity, signal, sleepFor, workflow } from "@eventual/core";
import { describe, expect, it } from "vitest";
import { Engine } from "./engine.js";
import { MemoryStore } from "./store/memory-store.js";

const greet = activity("greet", (name: string) => `hello ${name}`);
const proceed = signal("proceed");
const napThenGreet = workflow("napThenGreet", async (name: string) => {
  await sleepFor(0.05);
  await proceed.expectSignal();
  return greet(name);
});

describe("Engine on the system clock", () => {
  it("runs an execution to its end with start(), woken by calls and by its own timers", async () => {
    const engine = new Engine({ store: new MemoryStore() });
    engine.start({ maxIdleMs: 10_000 });
    try {
      // The engine's clock: the timer is due 50 ms after the start by Date.now(), whose
      // milliseconds performance.now() does not share.
      const startedAt = Date.now();
      const { executionId } = await engine.startExecution({
        workflow: napThenGreet.workflowName,
        input: "ada",
      });
      await until(engine, async () =>
        (await engine.store.getHistory(executionId)).some((e) => e.type === "TimerCompleted"),
      );
      expect(Date.now() - startedAt).toBeGreaterThanOrEqual(50);
      await engine.sendSignal({ executionId, signal: proceed.name });
      await until(
        engine,
        async () => (await engine.getExecution(executionId))?.status === "SUCCEEDED",
      );
      expect((await engine.getExecution(executionId))?.result).toBe("hello ada");
    } finally {
      await engine.stop();
    }
  });

  it("refuses unknown workflows, bad execution names and signals to missing executions", async () => {
    const engine = new Engine({ store: new MemoryStore() });
    await expect(engine.startExecution({ workflow: "nope" })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(
      engine.startExecution({ workflow: napThenGreet.workflowName, executionName: "a/b" }),
    ).rejects.toMatchObject({ code: "bad_request" });
    await expect(engine.sendSignal({ executionId: "x~y", signal: "s" })).rejects.toMatchObject({
      code: "not_found",
      status: 404,
    });
  });
});

/** Waits on workflow tasks until `done` holds; listens before checking so no task is missed. */
async function until(engine: Engine, done: () => Promise<boolean>): Promise<void> {
  for (;;) {
    const nextTask = once(engine.events, "workflowTask");
    if (await done()) return;
    await nextTask;
  }
}

describe("Engine inputs", () => {
  it("refuses an input deeper than maxJsonDepth before storing anything", async () => {
    const engine = new Engine({ store: new MemoryStore(), maxJsonDepth: 2 });
    const workflow = napThenGreet.workflowName;
    await expect(engine.startExecution({ workflow, input: [[]] })).resolves.toBeDefined();
    await expect(engine.startExecution({ workflow, input: [[[]]] })).rejects.toMatchObject({
      code: "bad_request",
      message: "The input is nested deeper than 2 levels.",
    });
    expect((await engine.listExecutions({})).executions).toHaveLength(1);
  });
});
