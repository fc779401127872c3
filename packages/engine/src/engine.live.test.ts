import { activity, signal, sleepFor, workflow } from "@eventual/core";
import { describe, expect, it } from "vitest";
import { Engine } from "./engine.js";
import { MemoryStore } from "./store/memory-store.js";

let releaseSlow!: () => void;
const slowGate = new Promise<void>((resolve) => {
  releaseSlow = resolve;
});
const slowStep = activity("live.slowStep", async () => {
  await slowGate;
  return "slow";
});
const quickStep = activity("live.quickStep", () => "quick");
const slow = workflow("live.slow", () => slowStep());
const quick = workflow("live.quick", () => quickStep());

let longRuns = 0;
const longStep = activity("live.longStep", async () => {
  longRuns++;
  await new Promise((resolve) => setTimeout(resolve, 400));
  return longRuns;
});
const long = workflow("live.long", () => longStep());

let bumpyRuns = 0;
const bumpyStep = activity(
  "live.bumpyStep",
  { retry: { maxAttempts: 2, initialInterval: 0.05 } },
  () => {
    if (++bumpyRuns === 1) throw new Error("first attempt fails");
    return "second attempt";
  },
);
const bumpy = workflow("live.bumpy", () => bumpyStep());

const nudge = signal<string>("live.nudge");
const napThenNudge = workflow("live.napThenNudge", async () => {
  await sleepFor(0.5);
  return nudge.expectSignal({ timeout: 60 });
});

describe("an engine started as a live host", () => {
  it("runs activities in the background: a slow one does not hold up another execution", async () => {
    const engine = new Engine({ store: new MemoryStore(), echoLogs: false });
    engine.start({ maxIdleMs: Infinity });
    try {
      const slowRun = await engine.startExecution({ workflow: slow.workflowName });
      const quickRun = await engine.startExecution({ workflow: quick.workflowName });
      const finished = await engine.waitForExecution(quickRun.executionId, 5_000);
      expect(finished).toMatchObject({ status: "SUCCEEDED", result: "quick" });
      expect((await engine.getExecution(slowRun.executionId))?.status).toBe("IN_PROGRESS");
      releaseSlow();
      expect(await engine.waitForExecution(slowRun.executionId, 5_000)).toMatchObject({
        status: "SUCCEEDED",
        result: "slow",
      });
    } finally {
      await engine.stop();
    }
  });

  it("renews the lease of an activity that runs longer than its lease, so it runs once", async () => {
    const engine = new Engine({ store: new MemoryStore(), leaseMs: 120, echoLogs: false });
    engine.start({ maxIdleMs: 20 });
    try {
      const { executionId } = await engine.startExecution({ workflow: long.workflowName });
      const done = await engine.waitForExecution(executionId, 5_000);
      expect(done).toMatchObject({ status: "SUCCEEDED", result: 1 });
      expect(longRuns).toBe(1);
    } finally {
      await engine.stop();
    }
  });

  it("stops claiming on stop() and lets running activities finish first", async () => {
    let finishedRuns = 0;
    const engine = new Engine({
      store: new MemoryStore(),
      echoLogs: false,
      activityHandlers: () => async () => {
        await new Promise((resolve) => setTimeout(resolve, 100));
        finishedRuns++;
      },
    });
    engine.start({ maxIdleMs: Infinity });
    const { executionId } = await engine.startExecution({ workflow: quick.workflowName });
    await new Promise((resolve) => setTimeout(resolve, 30));
    await engine.stop();
    expect(finishedRuns).toBe(1);
    const history = await engine.getHistory(executionId);
    expect(history.map((e) => e.type)).toEqual(["WorkflowStarted", "ActivityScheduled"]);
    expect(
      await engine.store.claimActivityTasks({ owner: "x", now: Date.now(), leaseMs: 1, limit: 1 }),
    ).toEqual([]);
  });

  it("keeps a signal sent during a sleep for the expectSignal after it", async () => {
    const engine = new Engine({ store: new MemoryStore(), echoLogs: false });
    engine.start({ maxIdleMs: Infinity });
    try {
      const { executionId } = await engine.startExecution({ workflow: napThenNudge.workflowName });
      await engine.sendSignal({ executionId, signal: nudge.name, payload: "sent while asleep" });

      const done = await engine.waitForExecution(executionId, 5_000);
      expect(done).toMatchObject({ status: "SUCCEEDED", result: "sent while asleep" });
      const history = await engine.getHistory(executionId);
      expect(history.map((e) => e.type)).toEqual([
        "WorkflowStarted",
        "TimerScheduled",
        "SignalReceived",
        "TimerCompleted",
        "WorkflowSucceeded",
      ]);
    } finally {
      await engine.stop();
    }
  });

  it("records a failed attempt in history before the attempt that succeeds", async () => {
    const engine = new Engine({ store: new MemoryStore(), echoLogs: false });
    engine.start({ maxIdleMs: Infinity });
    try {
      const { executionId } = await engine.startExecution({ workflow: bumpy.workflowName });

      const done = await engine.waitForExecution(executionId, 5_000);
      expect(done).toMatchObject({ status: "SUCCEEDED", result: "second attempt" });
      const history = await engine.getHistory(executionId);
      expect(history.map((e) => e.type)).toEqual([
        "WorkflowStarted",
        "ActivityScheduled",
        "ActivityRetrying",
        "ActivitySucceeded",
        "WorkflowSucceeded",
      ]);
      expect(history[2]).toMatchObject({
        seq: 0,
        attempt: 1,
        error: { name: "Error", message: "first attempt fails" },
        retryDelay: 0.05,
      });
    } finally {
      await engine.stop();
    }
  });
});
