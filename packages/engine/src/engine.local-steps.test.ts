import { activity, signal, sleepFor, workflow } from "@eventual/core";
import { describe, expect, it } from "vitest";
import { Engine } from "./engine.js";
import { MemoryStore } from "./store/memory-store.js";
import type { Claim, Store, WriteGroup } from "./store/store.js";

const step = activity("local.step", (n: number) => n + 1);
const threeSteps = workflow("local.threeSteps", async (n: number) => {
  const a = await step(n);
  const b = await step(a);
  return step(b);
});

let openGate!: () => void;
const gate = activity(
  "local.gate",
  () =>
    new Promise<string>((resolve) => {
      openGate = () => resolve("opened");
    }),
);
const napBetween = workflow("local.napBetween", async (n: number) => {
  const a = await step(n);
  await sleepFor(0.05);
  return step(a);
});

const poke = signal<string>("local.poke");
const pokes: string[] = [];
const gated = workflow("local.gated", async () => {
  poke.onSignal((p) => {
    pokes.push(p);
  });
  const opened = await gate();
  return [opened, ...pokes];
});

/** A memory store that counts what the engine asks of it. */
class CountingStore extends MemoryStore {
  commits = 0;
  claimed = 0;
  reads = 0;
  override async getExecution(executionId: string) {
    this.reads++;
    return super.getExecution(executionId);
  }
  override async commit(groups: WriteGroup[]) {
    this.commits++;
    return super.commit(groups);
  }
  override async claimWorkflowTasks(claim: Claim) {
    const tasks = await super.claimWorkflowTasks(claim);
    this.claimed += tasks.length;
    return tasks;
  }
  override async claimActivityTasks(claim: Claim) {
    const tasks = await super.claimActivityTasks(claim);
    this.claimed += tasks.length;
    return tasks;
  }
}

async function live<T>(
  store: Store,
  run: (engine: Engine) => Promise<T>,
  options: { cacheSize?: number } = {},
): Promise<T> {
  const engine = new Engine({ store, echoLogs: false, ...options });
  engine.start({ maxIdleMs: Infinity });
  try {
    return await run(engine);
  } finally {
    await engine.stop();
  }
}

describe("a live engine's local steps", () => {
  it("answers a start that waits from the step that ended the execution, reading nothing", async () => {
    const store = new CountingStore();
    await live(store, async (engine) => {
      const request = { workflow: threeSteps.workflowName, input: 1, executionName: "once" };
      const { execution } = await engine.client.startExecution(threeSteps, 1, {
        executionName: "once",
        wait: 5,
      });
      expect(store.reads).toBe(0);
      expect(execution).toEqual(await engine.getExecution(execution!.id));
      // Started again under its name it exists already: read, as it is.
      const again = await engine.startAndWait(request, 5_000);
      expect(again).toMatchObject({ alreadyRunning: true, execution: { result: 4 } });
    });
  });

  it("runs a three-step workflow in four commits, claiming nothing from the store", async () => {
    const store = new CountingStore();
    await live(store, async (engine) => {
      const { executionId } = await engine.startExecution({
        workflow: threeSteps.workflowName,
        input: 1,
      });
      expect(await engine.waitForExecution(executionId, 5_000)).toMatchObject({ result: 4 });
      expect(store.commits).toBe(4);
      expect(store.claimed).toBe(0);
      const history = await engine.getHistory(executionId);
      expect(history.map((e) => e.type)).toEqual([
        "WorkflowStarted",
        "ActivityScheduled",
        "ActivitySucceeded",
        "ActivityScheduled",
        "ActivitySucceeded",
        "ActivityScheduled",
        "ActivitySucceeded",
        "WorkflowSucceeded",
      ]);
    });
  });

  it("fires a short timer where the instance is: four commits for two activities and a sleep", async () => {
    const store = new CountingStore();
    await live(store, async (engine) => {
      const started = performance.now();
      const { executionId } = await engine.startExecution({
        workflow: napBetween.workflowName,
        input: 1,
      });
      expect(await engine.waitForExecution(executionId, 5_000)).toMatchObject({ result: 3 });
      expect(performance.now() - started).toBeLessThan(500); // not the stored copy, a second later
      expect(store.commits).toBe(4);
      expect(store.claimed).toBe(0);
      const history = await engine.getHistory(executionId);
      expect(history.map((e) => e.type)).toEqual([
        "WorkflowStarted",
        "ActivityScheduled",
        "ActivitySucceeded",
        "TimerScheduled",
        "TimerCompleted",
        "ActivityScheduled",
        "ActivitySucceeded",
        "WorkflowSucceeded",
      ]);
    });
  });

  it.each([
    {
      title: "wakes its loop, which never polls, for a timer a local step set",
      wf: napBetween,
      result: 3,
      cacheSize: undefined,
    },
    {
      title: "fires timers through the store when it keeps no live instances",
      wf: napBetween,
      result: 3,
      cacheSize: 0,
    },
    {
      title:
        "wakes its loop for a completion that went to the inbox, with no live instance to apply it to",
      wf: threeSteps,
      result: 4,
      cacheSize: 0,
    },
  ])("$title", async ({ wf, result, cacheSize }) => {
    await live(
      new MemoryStore(),
      async (engine) => {
        const { executionId } = await engine.startExecution({
          workflow: wf.workflowName,
          input: 1,
        });
        expect(await engine.waitForExecution(executionId, 5_000)).toMatchObject({ result });
      },
      cacheSize === undefined ? {} : { cacheSize },
    );
  });

  it("starts an execution once per name, running the first step's activities once", async () => {
    const store = new CountingStore();
    await live(store, async (engine) => {
      const request = { workflow: threeSteps.workflowName, input: 1, executionName: "once" };
      const [first, second] = await Promise.all([
        engine.startExecution(request),
        engine.startExecution(request),
      ]);
      expect([first.alreadyRunning, second.alreadyRunning].sort()).toEqual([false, true]);
      expect(second.executionId).toBe(first.executionId);
      expect(await engine.waitForExecution(first.executionId, 5_000)).toMatchObject({ result: 4 });
      const scheduled = (await engine.getHistory(first.executionId)).filter(
        (e) => e.type === "ActivityScheduled",
      );
      expect(scheduled.map((e) => ("seq" in e ? e.seq : -1))).toEqual([0, 1, 2]);
    });
  });

  it("sends a completion through the inbox when a signal got there first, keeping commit order", async () => {
    await live(new MemoryStore(), async (engine) => {
      const { executionId } = await engine.startExecution({ workflow: gated.workflowName });
      await expect.poll(() => typeof openGate).toBe("function");
      await engine.sendSignal({ executionId, signal: poke.name, payload: "early" });
      await expect
        .poll(async () =>
          (await engine.getHistory(executionId)).some((e) => e.type === "SignalReceived"),
        )
        .toBe(true);
      openGate();
      expect(await engine.waitForExecution(executionId, 5_000)).toMatchObject({
        status: "SUCCEEDED",
        result: ["opened", "early"],
      });
      const types = (await engine.getHistory(executionId)).map((e) => e.type);
      expect(types).toEqual([
        "WorkflowStarted",
        "ActivityScheduled",
        "SignalReceived",
        "ActivitySucceeded",
        "WorkflowSucceeded",
      ]);
    });
  });
});
