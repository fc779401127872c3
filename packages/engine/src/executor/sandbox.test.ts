import { setTimeout as callbackTimeout } from "node:timers";
import { scheduler, setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { activity, condition, NonDeterministicCallError, signal, workflow } from "@eventual/core";
import { beforeAll, describe, expect, it } from "vitest";
import { drainMicrotasks } from "./sandbox.js";
import {
  activitySucceeded,
  failed,
  installWorkflowSandbox,
  newInstance,
  signalReceived,
  started,
  succeeded,
} from "./test-events.js";

const tick = activity("sb.tick", () => null);
const poke = signal("sb-poke");

const usesSetTimeout = workflow("sb-setTimeout", async () => {
  setTimeout(() => {}, 10);
});
const usesSetInterval = workflow("sb-setInterval", async () => {
  setInterval(() => {}, 10);
});
const usesSetImmediate = workflow("sb-setImmediate", async () => {
  setImmediate(() => {});
});
const usesFetch = workflow("sb-fetch", async () => {
  await fetch("https://example.com");
});
const usesTimerLater = workflow("sb-timerLater", async () => {
  await tick();
  await new Promise((resolve) => setTimeout(resolve, 10));
});
const usesPromisifiedTimer = workflow("sb-promisified", async () => {
  await promisify(setTimeout)(10);
});
const usesTimerModule = workflow("sb-timersModule", async () => {
  callbackTimeout(() => {}, 10);
});
const usesTimerPromises = workflow("sb-timerPromises", async () => {
  await sleep(10);
});
const usesSchedulerWait = workflow("sb-schedulerWait", async () => {
  await scheduler.wait(10);
});
const readsPerformanceNow = workflow("sb-performanceNow", async () => {
  const before = performance.now();
  await tick();
  return { before, after: performance.now(), origin: performance.timeOrigin };
});
const catchesTimer = workflow("sb-catchesTimer", async () => {
  try {
    setTimeout(() => {}, 10);
    return "allowed";
  } catch (error) {
    return { caught: error instanceof NonDeterministicCallError, name: (error as Error).name };
  }
});
const timerInHandler = workflow("sb-timerInHandler", async () => {
  poke.onSignal(() => {
    setTimeout(() => {}, 10);
  });
  await condition(() => false);
});

/** The refusal a workflow fails with; outcomes match it, since they also keep a stack. */
const nonDeterministic = (advice: string) => ({
  name: "NonDeterministicCallError",
  message: expect.stringContaining(advice),
});

beforeAll(installWorkflowSandbox);

describe("the sandbox inside a workflow", () => {
  it.each([
    { wf: usesSetTimeout, primitive: "setTimeout", advice: "sleepFor" },
    { wf: usesSetInterval, primitive: "setInterval", advice: "sleepFor" },
    { wf: usesSetImmediate, primitive: "setImmediate", advice: "await the operation" },
    { wf: usesFetch, primitive: "fetch", advice: "activity" },
    { wf: usesPromisifiedTimer, primitive: "promisify(setTimeout)", advice: "sleepFor" },
    { wf: usesTimerModule, primitive: "setTimeout", advice: "sleepFor" },
    { wf: usesTimerPromises, primitive: "setTimeout of node:timers/promises", advice: "sleepFor" },
    { wf: usesSchedulerWait, primitive: "scheduler.wait", advice: "sleepFor" },
  ])(
    "fails the execution when $primitive is called ($wf.workflowName), advising $advice",
    async ({ wf, primitive, advice }) => {
      const step = await newInstance(wf).apply([started()]);

      expect(step.outcome).toMatchObject(failed(nonDeterministic(advice)));
      expect(step.outcome).toMatchObject(failed(nonDeterministic(`${primitive} is not allowed`)));
    },
  );

  it("still refuses timers in a continuation after an await", async () => {
    const instance = newInstance(usesTimerLater);
    await instance.apply([started()]);

    const step = await instance.apply([activitySucceeded(0, null, 1)]);

    expect(step.outcome).toMatchObject(failed(nonDeterministic("sleepFor"), 1));
  });

  it("refuses timers in a signal handler", async () => {
    const instance = newInstance(timerInHandler);
    await instance.apply([started()]);

    const step = await instance.apply([signalReceived("sb-poke", undefined, 1)]);

    expect(step.outcome).toMatchObject(failed(nonDeterministic("sleepFor"), 1));
  });

  it("answers performance.now() from the events applied, the same on replay", async () => {
    const events = [started(), activitySucceeded(0, null, 1)];
    const run = async () => {
      const instance = newInstance(readsPerformanceNow);
      await instance.apply(events.slice(0, 1));
      return (await instance.apply(events.slice(1))).outcome;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    type Reading = { before: number; after: number; origin: number };
    const { before, after, origin } = (first as { result: Reading }).result;
    expect(origin + before).toBe(Date.parse(started().timestamp));
    expect(after - before).toBe(1000);
  });

  it("throws a NonDeterministicCallError the workflow can catch", async () => {
    const step = await newInstance(catchesTimer).apply([started()]);

    expect(step.outcome).toEqual(succeeded({ caught: true, name: "NonDeterministicCallError" }));
  });
});

describe("the sandbox outside a workflow", () => {
  it("lets setTimeout, setInterval and setImmediate run as usual", async () => {
    const fired: string[] = [];
    await new Promise<void>((resolve) => setImmediate(resolve)).then(() => fired.push("immediate"));
    await new Promise<void>((resolve) => setTimeout(resolve, 0)).then(() => fired.push("timeout"));
    await new Promise<void>((resolve) => {
      const interval = setInterval(() => {
        clearInterval(interval);
        resolve();
      }, 0);
    }).then(() => fired.push("interval"));

    expect(fired).toEqual(["immediate", "timeout", "interval"]);
  });

  it("lets fetch reach the real implementation", async () => {
    await expect(fetch("not a url")).rejects.toThrow(TypeError);
  });

  it("lets node:timers and node:timers/promises run as usual", async () => {
    await expect(sleep(0, "slept")).resolves.toBe("slept");
    await expect(scheduler.wait(0)).resolves.toBeUndefined();
    await new Promise<void>((resolve) => callbackTimeout(resolve, 0));
    expect(performance.now()).toBeGreaterThan(0);
  });

  it("keeps the properties of the globals it wraps, so promisify(setTimeout) still works", async () => {
    await expect(promisify(setTimeout)(0, "done")).resolves.toBe("done");
  });
});

describe("drainMicrotasks", () => {
  /** A chain of `depth` continuations, as deep async workflow code makes; `done` once it ran. */
  function continuations(depth: number): { done: boolean } {
    const chain = { done: false };
    let next = Promise.resolve();
    for (let i = 0; i < depth; i++) next = next.then(() => {});
    void next.then(() => {
      chain.done = true;
    });
    return chain;
  }

  it("resolves for every caller of a turn after all their continuations ran", async () => {
    const first = continuations(50);
    const firstDrain = drainMicrotasks();
    const second = continuations(200);
    const secondDrain = drainMicrotasks();

    await Promise.all([firstDrain, secondDrain]);

    expect(first.done && second.done).toBe(true);
  });

  it("waits again for a caller that asks once the last wait is over", async () => {
    await drainMicrotasks();
    const later = continuations(50);

    await drainMicrotasks();

    expect(later.done).toBe(true);
  });
});
