/**
 * The original Eventual's reference pages, in their own spelling: time as `duration()`/`time()`,
 * the TestEnvironment's subscriptions and resets, the mock resolutions, an activity called from a
 * test, and the in-process service client's request objects.
 */
import type { DurationUnit } from "@eventual/core";
import { duration, ExecutionStatus, time } from "@eventual/core";
import { durationSeconds, getRegistry } from "@eventual/core/internal";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { TestEnvironment } from "../src/index.js";
import {
  approvalSignal,
  approveBy,
  awaitApproval,
  buildReport,
  cancellable,
  cancelSignal,
  chargeCard,
  checkout,
  checkoutTwice,
  formatGreeting,
  fulfilled,
  gatherVotes,
  greet,
  holdReservation,
  minimumTime,
  napUntilNoon,
  orderPlaced,
  placeOrder,
  requestReview,
  reviewDocument,
  reviewTokens,
  sleepForAndUntil,
  voteSignal,
} from "./fixtures/compat-reference-era.js";
import { historyTypes, replayEquivalentScenarios } from "./replay-equivalence.js";

const start = "2026-01-01T00:00:00.000Z";
const scenario = replayEquivalentScenarios({
  start,
  beforeRun: () => {
    reviewTokens.length = 0;
    fulfilled.length = 0;
  },
});

async function statusOf(execution: { getStatus(): Promise<{ status: string }> }) {
  return (await execution.getStatus()).status;
}

describe("duration and time, awaited in a workflow", () => {
  scenario("sleep for a duration, until an ISO time and until a Date", async (env) => {
    const execution = await env.startExecution(napUntilNoon, undefined);
    await env.tick(599);
    expect(await statusOf(execution)).toBe("IN_PROGRESS");

    await env.tickUntil("2026-01-02T00:00:00.000Z");

    expect((await execution.getStatus()).result).toEqual([
      start,
      "2026-01-01T00:10:00.000Z",
      "2026-01-01T12:00:00.000Z",
      "2026-01-02T00:00:00.000Z",
    ]);
  });

  scenario("a duration started before an activity sets the minimum time of both", async (env) => {
    const execution = await env.startExecution(minimumTime, "q1");
    await env.tick(599);
    expect(await statusOf(execution)).toBe("IN_PROGRESS");
    await env.tick(1);
    expect((await execution.getStatus()).result).toEqual({
      report: "report q1",
      at: "2026-01-01T00:10:00.000Z",
    });

    let token = "";
    env.mockActivity(buildReport).asyncResult((activityToken) => {
      token = activityToken;
    });
    const slow = await env.startExecution(minimumTime, "q2");
    await env.tick(20 * 60);
    await env.sendActivitySuccess({ activityToken: token, result: "late report" });
    expect((await slow.getStatus()).result).toEqual({
      report: "late report",
      at: "2026-01-01T00:30:00.000Z",
    });
  });

  scenario("a duration races a signal", async (env) => {
    const waited = await env.startExecution(cancellable, undefined);
    const cancelled = await env.startExecution(cancellable, undefined);
    await env.tick(60);
    await cancelled.sendSignal(cancelSignal);
    await env.tick(240);

    expect((await cancelled.getStatus()).result).toEqual({
      isCancelled: true,
      at: "2026-01-01T00:01:00.000Z",
    });
    expect((await waited.getStatus()).result).toEqual({
      isCancelled: false,
      at: "2026-01-01T00:05:00.000Z",
    });
  });
});

describe("duration and time where seconds were", () => {
  scenario("sleepFor takes a duration and sleepUntil a time", async (env) => {
    const execution = await env.startExecution(sleepForAndUntil, undefined);
    await env.tickUntil("2026-01-01T06:00:00Z");

    expect((await execution.getStatus()).result).toEqual({
      afterSleepFor: "2026-01-01T02:00:00.000Z",
      afterSleepUntil: "2026-01-01T06:00:00.000Z",
    });
  });

  scenario("expectSignal times out after a duration", async (env) => {
    const approved = await env.startExecution(awaitApproval, undefined);
    const unanswered = await env.startExecution(awaitApproval, undefined);
    await env.tick(29 * 60);
    await approved.sendSignal(approvalSignal, { approver: "ada" });
    expect(await statusOf(unanswered)).toBe("IN_PROGRESS");
    await env.tick(60);

    expect((await approved.getStatus()).result).toEqual({ approver: "ada" });
    // The duration given as the timeout is the timeout's one timer, not a sleep of its own.
    expect(await historyTypes(env, approved.executionId)).toEqual([
      "WorkflowStarted",
      "TimerScheduled",
      "SignalReceived",
      "WorkflowSucceeded",
    ]);
    expect((await unanswered.getStatus()).result).toEqual({
      timedOut: true,
      at: "2026-01-01T00:30:00.000Z",
    });
  });

  scenario("expectSignal times out at a time, at once when it has passed", async (env) => {
    await env.tick(60);
    const execution = await env.startExecution(approveBy, "2026-01-01T00:05:00Z");
    const late = await env.startExecution(approveBy, "2025-12-31T00:00:00Z");
    await env.tick(0);
    expect((await late.getStatus()).result).toEqual({
      timedOut: true,
      at: "2026-01-01T00:01:00.000Z",
    });

    await env.tickUntil("2026-01-01T00:05:00Z");

    expect((await execution.getStatus()).result).toEqual({
      timedOut: true,
      at: "2026-01-01T00:05:00.000Z",
    });
  });

  scenario("condition gives up after a duration", async (env) => {
    const execution = await env.startExecution(gatherVotes, undefined);
    await execution.sendSignal(voteSignal);
    await env.tick(300);

    expect((await execution.getStatus()).result).toEqual({
      reached: false,
      votes: 1,
      at: "2026-01-01T00:05:00.000Z",
    });
  });

  scenario("a workflow's timeout is a duration", async (env) => {
    const execution = await env.startExecution(holdReservation, "r-1");
    await env.tick(3599);
    expect(await statusOf(execution)).toBe("IN_PROGRESS");
    await env.tick(1);

    expect(await execution.getStatus()).toMatchObject({
      status: ExecutionStatus.FAILED,
      error: { name: "Timeout" },
      endTime: "2026-01-01T01:00:00.000Z",
    });
  });

  it("an activity's timeout and heartbeatTimeout are durations, read as seconds", () => {
    expect(getRegistry().activities.get(requestReview.activityName)?.options).toEqual({
      timeout: 60,
      heartbeatTimeout: 30,
    });
    expect(getRegistry().workflows.get(holdReservation.workflowName)?.options).toEqual({
      timeout: 3600,
    });
  });

  scenario(
    "an activity that misses its heartbeat duration fails with HeartbeatTimeout",
    async (env) => {
      const execution = await env.startExecution(reviewDocument, "essay.md");
      await env.tick(30);

      expect((await execution.getStatus()).result).toEqual({
        error: "HeartbeatTimeout",
        at: "2026-01-01T00:00:30.000Z",
      });
    },
  );

  scenario("an activity that heartbeats still times out after its duration", async (env) => {
    const execution = await env.startExecution(reviewDocument, "essay.md");
    for (const _ of [1, 2]) {
      await env.tick(20);
      await env.sendActivityHeartbeat({ activityToken: reviewTokens[0]! });
    }
    await env.tick(20);

    expect((await execution.getStatus()).result).toEqual({
      error: "Timeout",
      at: "2026-01-01T00:01:00.000Z",
    });
  });

  it("takes the original's units, and refuses others", () => {
    const json = (value: unknown) => JSON.parse(JSON.stringify(value));
    expect(json(duration(2, "days"))).toEqual({ type: "Duration", dur: 2, unit: "days" });
    expect(json(duration(30))).toEqual({ type: "Duration", dur: 30, unit: "seconds" });
    expect(json(time("2026-01-01T00:00Z"))).toEqual({
      type: "Time",
      isoDate: "2026-01-01T00:00:00.000Z",
    });
    // @ts-expect-error weeks were never a unit
    expect(() => duration(1, "weeks")).toThrow('duration() got the unknown unit "weeks"');
    expect(() => duration(-1, "minutes")).toThrow("at least 0");
    const seconds = (unit: DurationUnit) => durationSeconds("timeout", duration(1, unit));
    expect(
      ["second", "minute", "hour", "day", "year"].map((u) => seconds(u as DurationUnit)),
    ).toEqual([1, 60, 3600, 86_400, 31_557_600]);
    expect(seconds("hours")).toBe(seconds("hour"));
    expect(() => time("next tuesday")).toThrow("time() got an invalid time");
  });

  it("rejects a duration awaited outside a workflow, and schedules nothing for one not awaited", async () => {
    await expect(duration(1, "second")).rejects.toThrow(
      "duration() can only be awaited inside the workflow that created it",
    );
    expect(() => time("2026-01-01T00:00Z")).not.toThrow();
  });
});

describe("the TestEnvironment of the unit-testing page", () => {
  const env = new TestEnvironment({ start });

  beforeEach(async () => {
    await env.initialize();
    fulfilled.length = 0;
  });

  it("subscribeEvents and onEvent see what a workflow publishes, until resetTestSubscriptions", async () => {
    const subscribed = vi.fn();
    const mockHandler = vi.fn();
    env.subscribeEvents([orderPlaced], subscribed);
    env.onEvent(orderPlaced, mockHandler);

    await env.startExecution(placeOrder, "o-1");
    await env.tick();

    expect(subscribed).toHaveBeenCalledWith({ orderId: "o-1" });
    expect(mockHandler).toHaveBeenCalledWith({ orderId: "o-1" });
    expect(fulfilled).toEqual(["o-1"]);

    env.resetTestSubscriptions();
    await env.publishEvent(orderPlaced, { orderId: "o-2" });

    expect(subscribed).toHaveBeenCalledTimes(1);
    expect(mockHandler).toHaveBeenCalledTimes(1);
    expect(fulfilled).toEqual(["o-1", "o-2"]);
  });

  it("disableServiceSubscriptions leaves only the test's subscribers, until enableServiceSubscriptions", async () => {
    const seen: string[] = [];
    env.subscribeEvents([orderPlaced], (event) => {
      seen.push(event.orderId);
    });
    env.disableServiceSubscriptions();

    await env.publishEvents({ events: [{ name: orderPlaced.name, event: { orderId: "o-1" } }] });
    expect(seen).toEqual(["o-1"]);
    expect(fulfilled).toEqual([]);

    env.enableServiceSubscriptions();
    await env.publishEvent(orderPlaced, { orderId: "o-2" });
    expect(seen).toEqual(["o-1", "o-2"]);
    expect(fulfilled).toEqual(["o-2"]);
  });

  it("reset(time) restarts at that time with no mocks and the service's subscribers back on", async () => {
    env.mockActivity(chargeCard).succeed({ chargeId: "mocked" });
    env.disableServiceSubscriptions();
    const handler = vi.fn();
    env.onEvent(orderPlaced, handler);

    env.reset(new Date("2027-06-01T00:00:00Z"));

    expect(env.time.toISOString()).toBe("2027-06-01T00:00:00.000Z");
    const execution = await env.startExecution(checkout, 5);
    expect((await execution.getStatus()).result).toEqual({ charge: { chargeId: "real-5" } });
    await env.publishEvent(orderPlaced, { orderId: "o-3" });
    expect(fulfilled).toEqual(["o-3"]);
    expect(handler).not.toHaveBeenCalled();

    env.resetTime();
    expect(env.time.toISOString()).toBe(start);
  });

  it("resetMocks puts the real activities back", async () => {
    env.mockActivity(chargeCard).succeed({ chargeId: "mocked" });
    const mocked = await env.startExecution(checkout, 5);
    expect((await mocked.getStatus()).result).toEqual({ charge: { chargeId: "mocked" } });

    env.resetMocks();

    const real = await env.startExecution(checkout, 5);
    expect((await real.getStatus()).result).toEqual({ charge: { chargeId: "real-5" } });
  });

  it("timeout and timeoutOnce fail the activity with a Timeout error", async () => {
    const mockedActivity = env.mockActivity(chargeCard);
    mockedActivity.timeout();
    const execution = await env.startExecution(checkout, 5);
    expect((await execution.getStatus()).result).toEqual({ failed: "Timeout", isTimeout: true });

    mockedActivity.timeoutOnce().succeed({ chargeId: "second" });
    const twice = await env.startExecution(checkoutTwice, 5);
    expect((await twice.getStatus()).result).toEqual(["Timeout", { chargeId: "second" }]);
  });

  it("heartbeatTimeout and heartbeatTimeoutOnce fail it with a HeartbeatTimeout, which is a Timeout", async () => {
    const mockedActivity = env.mockActivity(chargeCard);
    mockedActivity.heartbeatTimeout();
    const execution = await env.startExecution(checkout, 5);
    expect((await execution.getStatus()).result).toEqual({
      failed: "HeartbeatTimeout",
      isTimeout: true,
    });

    mockedActivity.heartbeatTimeoutOnce().invokeReal();
    const twice = await env.startExecution(checkoutTwice, 5);
    expect((await twice.getStatus()).result).toEqual(["HeartbeatTimeout", { chargeId: "real-10" }]);
  });

  it("asyncResult hands the token to the test, which completes the activity", async () => {
    let activityToken: string | undefined;
    const mockActivity = env.mockActivity(chargeCard);
    mockActivity.asyncResult((token) => {
      activityToken = token;
    });

    const execution = await env.startExecution(checkout, 5);
    await env.tick();
    if (!activityToken) throw new Error("Expected activity token to be set");
    expect(await statusOf(execution)).toBe("IN_PROGRESS");

    await env.sendActivitySuccess({ activityToken, result: { chargeId: "from the async mock" } });

    expect((await execution.getStatus()).result).toEqual({
      charge: { chargeId: "from the async mock" },
    });
  });

  it("asyncResultOnce waits once, then the standing behaviour answers", async () => {
    const tokens: string[] = [];
    env
      .mockActivity(chargeCard)
      .asyncResultOnce((token) => {
        tokens.push(token);
      })
      .succeed({ chargeId: "standing" });

    const execution = await env.startExecution(checkoutTwice, 5);
    expect(tokens).toHaveLength(1);
    await env.sendActivityFailure({ activityToken: tokens[0]!, error: new Error("declined") });

    expect((await execution.getStatus()).result).toEqual(["Error", { chargeId: "standing" }]);
  });

  it("starts an execution and signals it with request objects", async () => {
    const execution = await env.startExecution({ workflow: greet, input: "ada" });
    await env.sendSignal({ execution, signal: approvalSignal, payload: { approver: "grace" } });

    expect(await execution.getStatus()).toMatchObject({
      status: ExecutionStatus.SUCCEEDED,
      result: "hello ada",
    });
  });

  it("runs an activity called from a test, as the testing-activities section calls it", async () => {
    const result = await formatGreeting("input value");
    expect(result).toEqual("hello input value");
    await expect(chargeCard(7)).resolves.toEqual({ chargeId: "real-7" });
  });
});

describe("getServiceClient() with the reference's request objects", () => {
  const env = new TestEnvironment({ start });
  beforeEach(() => env.initialize());

  it("starts, signals, publishes, lists and pages history in-process", async () => {
    const created = await env.fetch("/greetings/ada", { method: "POST" });
    expect(created.status).toBe(201);
    const { executionId } = (await created.json()) as { executionId: string };
    expect(await env.getExecution(executionId)).toMatchObject({
      status: "SUCCEEDED",
      result: "hello ada",
    });
    expect(fulfilled).toContain("api");

    const again = await env.fetch("/greetings/ada", { method: "POST" });
    expect(again.status).toBe(409); // the signal to the ended execution is refused

    const listing = await (await env.fetch("/greetings?maxResults=2")).json();
    expect(listing).toEqual({
      workflows: true,
      executions: [executionId],
      history: ["WorkflowStarted", "SignalReceived"],
      more: true,
    });
  });
});
