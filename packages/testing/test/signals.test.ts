import {
  activity,
  condition,
  expectSignal,
  onSignal,
  sendSignal,
  signal,
  sleepFor,
  Timeout,
  workflow,
} from "@eventual/core";
import { describe, expect } from "vitest";
import { historyTypes, replayEquivalentScenarios } from "./replay-equivalence.js";

const scenario = replayEquivalentScenarios({ start: "2026-01-01T00:00:00Z" });

const reply = signal<string>("reply");
const awaitReply = workflow("awaitReply", async () => {
  try {
    return { reply: await reply.expectSignal({ timeout: 30 }) };
  } catch (error) {
    const { name, message } = error as Error;
    return { name, message, isTimeout: error instanceof Timeout };
  }
});

const replyAfterNap = workflow("replyAfterNap", async () => {
  await sleepFor(10);
  const first = await reply.expectSignal({ timeout: 60 });
  const second = await reply.expectSignal({ timeout: 60 });
  return [first, second];
});

const bump = signal<number>("bump");
const finish = signal("finish");
const tally = workflow("tally", async () => {
  const seen: number[] = [];
  const handler = bump.onSignal((n) => {
    seen.push(n);
  });
  await finish.expectSignal();
  handler.dispose();
  await finish.expectSignal();
  return seen;
});

const triple = activity("triple", (n: number) => n * 3);
const tripleEach = workflow("tripleEach", async () => {
  const tripled: number[] = [];
  onSignal<number>("bump", async (n) => {
    tripled.push(await triple(n));
  });
  await expectSignal("finish");
  return tripled;
});

const approve = signal<string>("approve");
const twoApprovals = workflow("twoApprovals", async () => {
  const approvers: string[] = [];
  approve.onSignal((who) => {
    approvers.push(who);
  });
  await condition(() => approvers.length >= 2);
  return approvers;
});

describe("expectSignal", () => {
  scenario("returns the payload of the signal it waited for", async (env) => {
    const execution = await env.startExecution(awaitReply);
    await env.tick(10);
    await env.sendSignal(execution, reply, "yes");

    expect(await execution.getStatus()).toMatchObject({
      status: "SUCCEEDED",
      result: { reply: "yes" },
      endTime: "2026-01-01T00:00:10.000Z",
    });
    expect((await env.getHistory(execution.executionId))[2]).toEqual({
      type: "SignalReceived",
      signal: "reply",
      payload: "yes",
      timestamp: "2026-01-01T00:00:10.000Z",
    });
  });

  scenario("rejects with a Timeout once its timeout passes, and not before", async (env) => {
    const execution = await env.startExecution(awaitReply);
    await env.tick(29);
    expect((await execution.getStatus()).status).toBe("IN_PROGRESS");

    await env.tick(1);
    expect((await execution.getStatus()).result).toEqual({
      name: "Timeout",
      message: 'expectSignal("reply") timed out after 30s.',
      isTimeout: true,
    });
    expect(await historyTypes(env, execution.executionId)).toEqual([
      "WorkflowStarted",
      "TimerScheduled",
      "TimerCompleted",
      "WorkflowSucceeded",
    ]);
  });

  scenario(
    "is also satisfied by the free sendSignal, sent from outside the workflow",
    async (env) => {
      const execution = await env.startExecution(awaitReply);
      await sendSignal(execution.executionId, reply, "from outside");
      await env.tick(0);

      expect((await execution.getStatus()).result).toEqual({ reply: "from outside" });
    },
  );
});

describe("a signal sent while nothing waits for it", () => {
  scenario(
    "is kept during a sleep and taken by the expectSignals after it, oldest first",
    async (env) => {
      const execution = await env.startExecution(replyAfterNap);
      await env.tick(3);
      await env.sendSignal(execution, reply, "first");
      await env.sendSignal(execution, reply, "second");
      expect((await execution.getStatus()).status).toBe("IN_PROGRESS");

      await env.tick(7);
      expect(await execution.getStatus()).toMatchObject({
        status: "SUCCEEDED",
        result: ["first", "second"],
        endTime: "2026-01-01T00:00:10.000Z",
      });
      expect(await historyTypes(env, execution.executionId)).toEqual([
        "WorkflowStarted",
        "TimerScheduled",
        "SignalReceived",
        "SignalReceived",
        "TimerCompleted",
        "WorkflowSucceeded",
      ]);
    },
  );

  scenario("is kept when one task applies it together with the timer firing", async (env) => {
    const execution = await env.startExecution(replyAfterNap);
    const { executionId } = execution;
    await env.tick(9);
    // Into the inbox without running a task: the next tick's one task applies them and the timer.
    await env.engine.sendSignal({ executionId, signal: reply.name, payload: "a" });
    await env.engine.sendSignal({ executionId, signal: reply.name, payload: "b" });
    await env.tick(1);

    expect((await execution.getStatus()).result).toEqual(["a", "b"]);
  });
});

describe("onSignal", () => {
  scenario("runs its handler for every signal until disposed, and not after", async (env) => {
    const execution = await env.startExecution(tally);
    await env.sendSignal(execution, bump, 1);
    await env.sendSignal(execution, bump, 2);
    await env.sendSignal(execution, finish);
    await env.sendSignal(execution, bump, 3);
    await env.sendSignal(execution, finish);

    expect((await execution.getStatus()).result).toEqual([1, 2]);
    expect(await historyTypes(env, execution.executionId)).toEqual([
      "WorkflowStarted",
      "SignalReceived",
      "SignalReceived",
      "SignalReceived",
      "SignalReceived",
      "SignalReceived",
      "WorkflowSucceeded",
    ]);
  });

  scenario(
    "lets a handler call activities, numbered in the order the handlers ran",
    async (env) => {
      const execution = await env.startExecution(tripleEach);
      const { executionId } = execution;
      // Both land in the inbox before a workflow task runs, so one task applies them in order.
      await env.engine.sendSignal({ executionId, signal: bump.name, payload: 1 });
      await env.engine.sendSignal({ executionId, signal: bump.name, payload: 2 });
      await env.tick(0);
      await env.sendSignal(execution, bump, 3);
      await env.sendSignal(execution, finish);

      expect((await execution.getStatus()).result).toEqual([3, 6, 9]);
      const scheduled = (await env.getHistory(executionId)).filter(
        (e) => e.type === "ActivityScheduled",
      );
      expect(scheduled.map((e) => [e.seq, e.args])).toEqual([
        [0, [1]],
        [1, [2]],
        [2, [3]],
      ]);
      expect((await historyTypes(env, executionId)).slice(0, 5)).toEqual([
        "WorkflowStarted",
        "SignalReceived",
        "ActivityScheduled",
        "SignalReceived",
        "ActivityScheduled",
      ]);
    },
  );

  scenario("ignores a second signal that carries an id already received", async (env) => {
    const execution = await env.startExecution(tally);
    await env.sendSignal(execution, bump, 7, { id: "bump-7" });
    await env.sendSignal(execution, bump, 7, { id: "bump-7" });
    await env.sendSignal(execution, finish);
    await env.sendSignal(execution, finish);

    expect((await execution.getStatus()).result).toEqual([7]);
  });
});

describe("condition", () => {
  scenario("waits with no timeout until a signal changes the state it checks", async (env) => {
    const execution = await env.startExecution(twoApprovals);
    await env.sendSignal(execution, approve, "ann");
    await env.tick(365 * 24 * 60 * 60);
    expect((await execution.getStatus()).status).toBe("IN_PROGRESS");

    await env.sendSignal(execution, approve, "bob");
    expect((await execution.getStatus()).result).toEqual(["ann", "bob"]);
    expect(await historyTypes(env, execution.executionId)).toEqual([
      "WorkflowStarted",
      "SignalReceived",
      "SignalReceived",
      "WorkflowSucceeded",
    ]);
  });
});
