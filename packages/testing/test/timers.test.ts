import { activity, condition, sleepFor, sleepUntil, workflow } from "@eventual/core";
import { describe, expect } from "vitest";
import { historyTypes, replayEquivalentScenarios } from "./replay-equivalence.js";

const scenario = replayEquivalentScenarios({ start: "2026-01-01T00:00:00Z" });
const day = 24 * 60 * 60;

const monthLongNap = workflow("monthLongNap", async () => {
  await sleepFor(30 * day);
  return new Date().toISOString();
});

const untilNoon = workflow("untilNoon", async () => {
  await sleepUntil("2026-03-01T12:00:00Z");
  return Date.now();
});

const alreadyPast = workflow("alreadyPast", async () => {
  await sleepUntil("2025-06-01T00:00:00Z");
  return new Date().toISOString();
});

const threeNaps = workflow("threeNaps", async () => {
  const wakes: string[] = [];
  for (const seconds of [5, 3600, day]) {
    await sleepFor(seconds);
    wakes.push(new Date().toISOString());
  }
  return wakes;
});

const gateWithTimeout = workflow("gateWithTimeout", async () => {
  const opened = await condition({ timeout: 60 }, () => false);
  return { opened, at: new Date().toISOString() };
});

const lookupPrice = activity("lookupPrice", (item: string) => ({ item, price: 42 }));
const priceOrGiveUp = workflow("priceOrGiveUp", async () =>
  Promise.race([
    lookupPrice("lamp").then((quote) => ({ quote })),
    sleepFor(10).then(() => ({ gaveUp: new Date().toISOString() })),
  ]),
);

describe("durable timers on virtual time", () => {
  scenario("finishes a 30-day sleepFor only once time is ticked past it", async (env) => {
    const execution = await env.startExecution(monthLongNap);
    await env.tick(30 * day - 1);
    expect((await execution.getStatus()).status).toBe("IN_PROGRESS");

    await env.tick(1);
    expect(await execution.getStatus()).toMatchObject({
      status: "SUCCEEDED",
      result: "2026-01-31T00:00:00.000Z",
      endTime: "2026-01-31T00:00:00.000Z",
    });
    expect(await env.getHistory(execution.executionId)).toEqual([
      {
        type: "WorkflowStarted",
        version: expect.any(String),
        timestamp: "2026-01-01T00:00:00.000Z",
      },
      {
        type: "TimerScheduled",
        seq: 0,
        untilTime: "2026-01-31T00:00:00.000Z",
        timestamp: "2026-01-01T00:00:00.000Z",
      },
      { type: "TimerCompleted", seq: 0, timestamp: "2026-01-31T00:00:00.000Z" },
      {
        type: "WorkflowSucceeded",
        result: "2026-01-31T00:00:00.000Z",
        timestamp: "2026-01-31T00:00:00.000Z",
      },
    ]);
  });

  scenario("wakes a sleepUntil at the ISO time it names", async (env) => {
    const execution = await env.startExecution(untilNoon);
    await env.tickUntil("2026-03-01T11:59:59.999Z");
    expect((await execution.getStatus()).status).toBe("IN_PROGRESS");

    await env.tickUntil("2026-03-01T12:00:00Z");
    expect(env.time.toISOString()).toBe("2026-03-01T12:00:00.000Z");
    expect(await execution.getStatus()).toMatchObject({
      status: "SUCCEEDED",
      result: Date.parse("2026-03-01T12:00:00Z"),
    });
  });

  scenario("resumes a sleepUntil of a time already past without waiting", async (env) => {
    const execution = await env.startExecution(alreadyPast);

    expect(await execution.getStatus()).toMatchObject({
      status: "SUCCEEDED",
      result: "2026-01-01T00:00:00.000Z",
    });
  });

  scenario(
    "fires every timer on the way at its own due time when tickUntil jumps far ahead",
    async (env) => {
      const execution = await env.startExecution(threeNaps);
      await env.tickUntil("2026-02-01T00:00:00Z");

      expect(env.time.toISOString()).toBe("2026-02-01T00:00:00.000Z");
      expect((await execution.getStatus()).result).toEqual([
        "2026-01-01T00:00:05.000Z",
        "2026-01-01T01:00:05.000Z",
        "2026-01-02T01:00:05.000Z",
      ]);
    },
  );

  scenario("resolves a condition false when its timeout passes, and not before", async (env) => {
    const execution = await env.startExecution(gateWithTimeout);
    await env.tick(59);
    expect((await execution.getStatus()).status).toBe("IN_PROGRESS");

    await env.tick(1);
    expect((await execution.getStatus()).result).toEqual({
      opened: false,
      at: "2026-01-01T00:01:00.000Z",
    });
  });
});

describe("resetTime", () => {
  scenario(
    "moves time back to the start, keeping executions and their timers' due times",
    async (env) => {
      const execution = await env.startExecution(gateWithTimeout);
      await env.tick(30);
      env.resetTime();
      expect(env.time.toISOString()).toBe("2026-01-01T00:00:00.000Z");

      await env.tick(59);
      expect((await execution.getStatus()).status).toBe("IN_PROGRESS");
      await env.tick(1);
      expect((await execution.getStatus()).result).toEqual({
        opened: false,
        at: "2026-01-01T00:01:00.000Z",
      });
    },
  );
});

describe("a race between a timer and an activity", () => {
  scenario("is won by the activity when it completes first", async (env) => {
    const execution = await env.startExecution(priceOrGiveUp);
    expect((await execution.getStatus()).result).toEqual({
      quote: { item: "lamp", price: 42 },
    });

    const history = await historyTypes(env, execution.executionId);
    expect(history).toEqual([
      "WorkflowStarted",
      "ActivityScheduled",
      "TimerScheduled",
      "ActivitySucceeded",
      "WorkflowSucceeded",
    ]);
    await env.tick(60);
    expect(await historyTypes(env, execution.executionId)).toEqual(history);
  });

  scenario("is won by the timer when the activity is blocked", async (env) => {
    const lookup = env.mockActivity(lookupPrice).block();
    const execution = await env.startExecution(priceOrGiveUp);
    await env.tick(9);
    expect((await execution.getStatus()).status).toBe("IN_PROGRESS");

    await env.tick(1);
    expect((await execution.getStatus()).result).toEqual({ gaveUp: "2026-01-01T00:00:10.000Z" });
    expect(lookup.calls).toHaveLength(1);

    await env.sendActivitySuccess({
      activityToken: lookup.calls[0]!.activityToken,
      result: { item: "lamp", price: 1 },
    });
    expect(await historyTypes(env, execution.executionId)).toEqual([
      "WorkflowStarted",
      "ActivityScheduled",
      "TimerScheduled",
      "TimerCompleted",
      "WorkflowSucceeded",
    ]);
  });
});
