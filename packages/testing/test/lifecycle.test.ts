import { activity, signal, sleepFor, workflow } from "@eventual/core";
import { describe, expect, it } from "vitest";
import { TestEnvironment } from "../src/index.js";
import { historyTypes, replayEquivalentScenarios } from "./replay-equivalence.js";

const scenario = replayEquivalentScenarios({ start: "2026-01-01T00:00:00Z" });

const hourNap = workflow("hourNap", { timeout: 60 }, async () => {
  await sleepFor(3600);
  return "woke up";
});

const shipParcel = activity("shipParcel", { retry: { maxAttempts: 5 } }, (parcel: string) => {
  return `shipped ${parcel}`;
});
const ship = workflow("ship", async (parcel: string) => shipParcel(parcel));

const ping = signal<string>("ping");
const awaitPing = workflow("awaitPing", async () => ping.expectSignal());

const throwsPlainValue = workflow("throwsPlainValue", async () => {
  throw { code: 42, reason: "not an Error" };
});

const unstableBump = signal<number>("unstableBump");
const failingHandler = workflow("failingHandler", async () => {
  unstableBump.onSignal((n) => {
    if (n > 1) throw new RangeError(`${n} is too many`);
  });
  await sleepFor(3600);
  return "never";
});

const drawLots = activity("drawLots", (n: number) => n);
const luckyDraw = workflow("luckyDraw", async () => {
  const before = [Math.random(), Date.now()];
  await drawLots(1);
  await sleepFor(90);
  const after = [Math.random(), Date.now(), new Date().toISOString()];
  return { before, after };
});

describe("how an execution ends", () => {
  scenario("fails with name Error and the JSON of a thrown non-Error value", async (env) => {
    const execution = await env.startExecution(throwsPlainValue);

    expect(await execution.getStatus()).toMatchObject({
      status: "FAILED",
      error: { name: "Error", message: '{"code":42,"reason":"not an Error"}' },
    });
  });

  scenario("fails when an onSignal handler throws", async (env) => {
    const execution = await env.startExecution(failingHandler);
    await env.sendSignal(execution, unstableBump, 1);
    expect((await execution.getStatus()).status).toBe("IN_PROGRESS");

    await env.sendSignal(execution, unstableBump, 2);
    expect(await execution.getStatus()).toMatchObject({
      status: "FAILED",
      error: { name: "RangeError", message: "2 is too many" },
    });
  });

  scenario(
    "sees replay-safe Math.random and Date, stamped by the events it resumed on",
    async (env) => {
      const execution = await env.startExecution(luckyDraw);
      await env.tick(90);

      const { before, after } = (await execution.getStatus()).result as {
        before: [number, number];
        after: [number, number, string];
      };
      expect(before[1]).toBe(Date.parse("2026-01-01T00:00:00Z"));
      expect(after.slice(1)).toEqual([
        Date.parse("2026-01-01T00:01:30Z"),
        "2026-01-01T00:01:30.000Z",
      ]);
      expect(before[0]).not.toBe(after[0]);
      for (const draw of [before[0], after[0]]) expect(draw >= 0 && draw < 1).toBe(true);
    },
  );
});

const declineCard = activity("declineCard", (_card: string): string => {
  throw new Error("card declined");
});
const refuseOrder = workflow("refuseOrder", async (quantity: number) => {
  await drawLots(quantity);
  if (quantity > 10) throw new RangeError(`${quantity} is more than we sell`);
  return quantity;
});
const payByCard = workflow("payByCard", async (card: string) => declineCard(card));

/** The event that ended a failed execution. */
async function failure(env: TestEnvironment, executionId: string) {
  const history = await env.getHistory(executionId);
  return history.find((event) => event.type === "WorkflowFailed");
}

describe("where a failed execution threw", () => {
  scenario("keeps the stack of an error the workflow threw, down to its own line", async (env) => {
    const execution = await env.startExecution(refuseOrder, 11);
    await env.tick(1);

    const failed = await failure(env, execution.executionId);
    expect(failed).toMatchObject({ error: { name: "RangeError" } });
    const stack = failed!.stack as string;
    expect(stack).toMatch(
      /^RangeError: 11 is more than we sell\n\s+at .*lifecycle\.test\.ts:\d+:\d+/,
    );
    expect(stack).not.toMatch(/packages\/engine\//);
  });

  scenario("keeps none when the workflow failed with what an activity threw", async (env) => {
    const execution = await env.startExecution(payByCard, "4242");
    await env.tick(1);

    const history = await env.getHistory(execution.executionId);
    const activityFailed = history.find((event) => event.type === "ActivityFailed");
    expect(activityFailed!.stack).toMatch(/^Error: card declined\n\s+at .*lifecycle\.test\.ts/);
    expect(await failure(env, execution.executionId)).toEqual({
      type: "WorkflowFailed",
      error: { name: "Error", message: "card declined" },
      timestamp: expect.any(String),
    });
  });

  scenario("keeps none for a timeout, or a thrown value that is not an Error", async (env) => {
    const napping = await env.startExecution(hourNap);
    const throwing = await env.startExecution(throwsPlainValue);
    await env.tick(60);

    for (const execution of [napping, throwing]) {
      const failed = await failure(env, execution.executionId);
      expect(failed).toMatchObject({ type: "WorkflowFailed" });
      expect(failed).not.toHaveProperty("stack");
    }
  });
});

describe("workflow timeout", () => {
  scenario(
    "fails an execution with a Timeout once its timeout passes, and not before",
    async (env) => {
      const execution = await env.startExecution(hourNap);
      await env.tick(59);
      expect((await execution.getStatus()).status).toBe("IN_PROGRESS");

      await env.tick(1);
      expect(await execution.getStatus()).toMatchObject({
        status: "FAILED",
        error: { name: "Timeout", message: "Workflow timed out." },
        endTime: "2026-01-01T00:01:00.000Z",
      });
      await env.tick(3600);
      expect(await historyTypes(env, execution.executionId)).toEqual([
        "WorkflowStarted",
        "TimerScheduled",
        "WorkflowTimedOut",
        "WorkflowFailed",
      ]);
    },
  );

  scenario("takes a per-execution timeout over the workflow's own", async (env) => {
    const execution = await env.startExecution(hourNap, undefined, { timeout: 10 });
    await env.tick(10);

    expect(await execution.getStatus()).toMatchObject({
      status: "FAILED",
      error: { name: "Timeout" },
      endTime: "2026-01-01T00:00:10.000Z",
    });
  });
});

describe("cancellation", () => {
  scenario("cancels an execution, and its pending activity retry never runs", async (env) => {
    const shipping = env.mockActivity(shipParcel).failOnce(new Error("courier busy")).invokeReal();
    const execution = await env.startExecution(ship, "parcel-1");
    expect(shipping.calls).toHaveLength(1);

    await env.cancelExecution(execution, "customer changed their mind");
    await env.tick(60);

    expect(shipping.calls).toHaveLength(1);
    expect(await execution.getStatus()).toMatchObject({
      status: "CANCELLED",
      error: { name: "Cancelled", message: "customer changed their mind" },
      endTime: "2026-01-01T00:00:00.000Z",
    });
    expect(await historyTypes(env, execution.executionId)).toEqual([
      "WorkflowStarted",
      "ActivityScheduled",
      "ActivityRetrying",
      "WorkflowCancelRequested",
      "WorkflowCancelled",
    ]);
  });
});

describe("requests the engine refuses", () => {
  scenario(
    "refuses a signal or a cancel to an execution that has ended, with a conflict",
    async (env) => {
      const execution = await env.startExecution(awaitPing);
      await env.sendSignal(execution, ping, "first");
      expect((await execution.getStatus()).result).toBe("first");

      const conflict = { code: "conflict", status: 409 };
      await expect(env.sendSignal(execution, ping, "too late")).rejects.toMatchObject(conflict);
      await expect(ping.sendSignal(execution.executionId, "too late")).rejects.toMatchObject(
        conflict,
      );
      await expect(env.cancelExecution(execution)).rejects.toMatchObject(conflict);
      expect(await historyTypes(env, execution.executionId)).toEqual([
        "WorkflowStarted",
        "SignalReceived",
        "WorkflowSucceeded",
      ]);
    },
  );

  scenario("answers not_found for an execution that does not exist", async (env) => {
    const notFound = { code: "not_found", status: 404 };
    await expect(env.sendSignal("awaitPing~missing", ping, "hello")).rejects.toMatchObject(
      notFound,
    );
    await expect(env.cancelExecution("awaitPing~missing")).rejects.toMatchObject(notFound);
    await expect(env.getHistory("awaitPing~missing")).rejects.toMatchObject(notFound);
    expect(await env.engine.getExecution("awaitPing~missing")).toBeUndefined();
  });
});

describe("starting by execution name", () => {
  scenario("returns the same execution when started twice with one executionName", async (env) => {
    const first = await env.startExecution(awaitPing, undefined, { executionName: "order-42" });
    const second = await env.startExecution(awaitPing, undefined, { executionName: "order-42" });
    const third = await awaitPing.startExecution({ executionName: "order-42" });

    expect(first.executionId).toBe("awaitPing~order-42");
    expect(second.executionId).toBe(first.executionId);
    expect(third.executionId).toBe(first.executionId);
    expect(
      await env.engine.startExecution({ workflow: "awaitPing", executionName: "order-42" }),
    ).toEqual({ executionId: first.executionId, alreadyRunning: true });
    expect((await env.engine.listExecutions({})).executions).toHaveLength(1);
    expect(await historyTypes(env, first.executionId)).toEqual(["WorkflowStarted"]);
  });
});

describe("the live-instance cache", () => {
  it("keeps a suspended execution's instance by default, and none with cacheSize 0", async () => {
    const cached = new TestEnvironment({ start: "2026-01-01T00:00:00Z" });
    await cached.initialize();
    await cached.startExecution(awaitPing);
    expect(cached.engine.cachedInstances).toBe(1);

    const uncached = new TestEnvironment({ start: "2026-01-01T00:00:00Z", cacheSize: 0 });
    await uncached.initialize();
    await uncached.startExecution(awaitPing);
    expect(uncached.engine.cachedInstances).toBe(0);
  });
});
