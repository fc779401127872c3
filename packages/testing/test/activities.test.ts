import {
  activity,
  asyncResult,
  EventualError,
  getActivityContext,
  HeartbeatTimeout,
  heartbeat,
  signal,
  Timeout,
  workflow,
} from "@eventual/core";
import { describe, expect } from "vitest";
import { historyTypes, replayEquivalentScenarios } from "./replay-equivalence.js";

/** Module state the activities below record into; cleared before each run. */
const attemptsSeen: number[] = [];
const tokens: string[] = [];
const heartbeatReplies: { cancelled: boolean }[] = [];
let onceCalls = 0;

const scenario = replayEquivalentScenarios({
  beforeRun: () => {
    attemptsSeen.length = 0;
    tokens.length = 0;
    heartbeatReplies.length = 0;
    onceCalls = 0;
  },
});

class CardDeclined extends Error {
  override name = "CardDeclined";
}

/**
 * The stack history keeps of an error an activity threw: down to this file's line that threw it,
 * without the engine's frames that ran the activity.
 */
function thrownHere(message: string) {
  return expect.stringMatching(
    new RegExp(`${message}\\n\\s+at [^\\n]*activities\\.test\\.ts:\\d+:\\d+\\)?$`),
  );
}

/** What a workflow learned from an error it caught. */
function describeError(error: unknown) {
  return {
    name: (error as Error).name,
    message: (error as Error).message,
    isEventualError: error instanceof EventualError,
    isTimeout: error instanceof Timeout,
    isHeartbeatTimeout: error instanceof HeartbeatTimeout,
  };
}

const double = activity("double", (n: number) => n * 2);
const addOne = activity("addOne", (n: number) => n + 1);
const arithmetic = workflow("arithmetic", async (n: number) =>
  double(await addOne(await double(n))),
);

const square = activity("square", (n: number) => n * n);
const squares = workflow("squares", async (count: number) =>
  Promise.all(Array.from({ length: count }, (_, i) => square(i))),
);

const flaky = activity("flaky", { retry: { maxAttempts: 3 } }, () => {
  const { attempt } = getActivityContext();
  attemptsSeen.push(attempt);
  if (attempt < 3) throw new Error(`attempt ${attempt} failed`);
  return `succeeded on attempt ${attempt}`;
});
const callFlaky = workflow("callFlaky", async () => flaky());

const declinedCharge = activity("declinedCharge", { retry: { maxAttempts: 2 } }, () => {
  attemptsSeen.push(getActivityContext().attempt);
  throw new CardDeclined("insufficient funds");
});
const chargeOrExplain = workflow("chargeOrExplain", async () => {
  try {
    return await declinedCharge();
  } catch (error) {
    return describeError(error);
  }
});

const runsOnce = activity("runsOnce", () => {
  onceCalls++;
  throw new Error("no retry policy, so no second chance");
});
const callRunsOnce = workflow("callRunsOnce", async () => runsOnce());

const neverDone = activity("neverDone", { timeout: 60 }, () => asyncResult(() => {}));
const awaitNeverDone = workflow("awaitNeverDone", async () => {
  try {
    return await neverDone();
  } catch (error) {
    return describeError(error);
  }
});

const silentWorker = activity("silentWorker", { heartbeatTimeout: 10 }, () =>
  asyncResult(() => {}),
);
const awaitSilentWorker = workflow("awaitSilentWorker", async () => {
  try {
    return await silentWorker();
  } catch (error) {
    return describeError(error);
  }
});

const chattyWorker = activity("chattyWorker", { heartbeatTimeout: 10 }, () =>
  asyncResult((token) => {
    tokens.push(token);
  }),
);
const awaitChattyWorker = workflow("awaitChattyWorker", async () => chattyWorker());

const slowRetry = activity(
  "slowRetry",
  { heartbeatTimeout: 5, retry: { maxAttempts: 2, initialInterval: 10 } },
  async () => {
    const { attempt } = getActivityContext();
    attemptsSeen.push(attempt);
    heartbeatReplies.push(await heartbeat());
    if (attempt === 1) throw new Error("first attempt fails");
    return `succeeded on attempt ${attempt}`;
  },
);
const callSlowRetry = workflow("callSlowRetry", async () => slowRetry());

const goesSilentOnce = activity(
  "goesSilentOnce",
  { heartbeatTimeout: 5, retry: { maxAttempts: 2, initialInterval: 1 } },
  () => {
    const { attempt } = getActivityContext();
    attemptsSeen.push(attempt);
    if (attempt === 1) return asyncResult<string>(() => {});
    return `answered on attempt ${attempt}`;
  },
);
const callGoesSilentOnce = workflow("callGoesSilentOnce", async () => goesSilentOnce());

const approval = activity("approval", (_request: string) =>
  asyncResult<string>((token) => {
    tokens.push(token);
  }),
);
const requestApproval = workflow("requestApproval", async (request: string) => {
  try {
    return { verdict: await approval(request) };
  } catch (error) {
    return { rejected: describeError(error) };
  }
});
const proceed = signal("proceed");
const approveThenProceed = workflow("approveThenProceed", async () => {
  const verdict = await approval("expenses");
  await proceed.expectSignal();
  return verdict;
});

describe("activities called in sequence and in parallel", () => {
  scenario(
    "runs sequential activities one after another, each fed the last result",
    async (env) => {
      const execution = await env.startExecution(arithmetic, 5);

      expect(await execution.getStatus()).toMatchObject({ status: "SUCCEEDED", result: 22 });
      const at = "2026-01-01T00:00:00.000Z";
      expect(await env.getHistory(execution.executionId)).toEqual([
        { type: "WorkflowStarted", input: 5, version: expect.any(String), timestamp: at },
        { type: "ActivityScheduled", seq: 0, name: "double", args: [5], timestamp: at },
        { type: "ActivitySucceeded", seq: 0, result: 10, timestamp: at },
        { type: "ActivityScheduled", seq: 1, name: "addOne", args: [10], timestamp: at },
        { type: "ActivitySucceeded", seq: 1, result: 11, timestamp: at },
        { type: "ActivityScheduled", seq: 2, name: "double", args: [11], timestamp: at },
        { type: "ActivitySucceeded", seq: 2, result: 22, timestamp: at },
        { type: "WorkflowSucceeded", result: 22, timestamp: at },
      ]);
    },
  );

  scenario(
    "finishes a Promise.all of 100 activities within the settle of its start",
    async (env) => {
      const execution = await env.startExecution(squares, 100);

      const status = await execution.getStatus();
      expect(status.status).toBe("SUCCEEDED");
      expect(status.result).toEqual(Array.from({ length: 100 }, (_, i) => i * i));
      const history = await env.getHistory(execution.executionId);
      const scheduled = history.filter((e) => e.type === "ActivityScheduled");
      const succeeded = history.filter((e) => e.type === "ActivitySucceeded");
      expect(scheduled.map((e) => e.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i));
      expect(succeeded.map((e) => e.seq).sort((a, b) => a - b)).toEqual(
        scheduled.map((e) => e.seq),
      );
      expect(history).toHaveLength(202);
      expect(history.at(-1)?.type).toBe("WorkflowSucceeded");
    },
  );
});

describe("activity retries", () => {
  scenario("retries a failing activity after 1 s and then 2 s, and not before", async (env) => {
    const execution = await env.startExecution(callFlaky);
    expect(attemptsSeen).toEqual([1]);

    await env.tickUntil("2026-01-01T00:00:00.999Z");
    expect(attemptsSeen).toEqual([1]);
    await env.tickUntil("2026-01-01T00:00:01.000Z");
    expect(attemptsSeen).toEqual([1, 2]);

    await env.tickUntil("2026-01-01T00:00:02.999Z");
    expect(attemptsSeen).toEqual([1, 2]);
    await env.tickUntil("2026-01-01T00:00:03.000Z");
    expect(attemptsSeen).toEqual([1, 2, 3]);

    expect(await execution.getStatus()).toMatchObject({
      status: "SUCCEEDED",
      result: "succeeded on attempt 3",
    });
    expect(await env.getHistory(execution.executionId)).toEqual([
      {
        type: "WorkflowStarted",
        version: expect.any(String),
        timestamp: "2026-01-01T00:00:00.000Z",
      },
      {
        type: "ActivityScheduled",
        seq: 0,
        name: "flaky",
        args: [],
        timestamp: "2026-01-01T00:00:00.000Z",
      },
      {
        type: "ActivityRetrying",
        seq: 0,
        attempt: 1,
        error: { name: "Error", message: "attempt 1 failed" },
        stack: thrownHere("attempt 1 failed"),
        retryDelay: 1,
        timestamp: "2026-01-01T00:00:00.000Z",
      },
      {
        type: "ActivityRetrying",
        seq: 0,
        attempt: 2,
        error: { name: "Error", message: "attempt 2 failed" },
        stack: thrownHere("attempt 2 failed"),
        retryDelay: 2,
        timestamp: "2026-01-01T00:00:01.000Z",
      },
      {
        type: "ActivitySucceeded",
        seq: 0,
        result: "succeeded on attempt 3",
        timestamp: "2026-01-01T00:00:03.000Z",
      },
      {
        type: "WorkflowSucceeded",
        result: "succeeded on attempt 3",
        timestamp: "2026-01-01T00:00:03.000Z",
      },
    ]);
  });

  scenario("surfaces the last error's name and message once maxAttempts are spent", async (env) => {
    const execution = await env.startExecution(chargeOrExplain);
    await env.tick(60);

    expect(attemptsSeen).toEqual([1, 2]);
    expect((await execution.getStatus()).result).toEqual({
      name: "CardDeclined",
      message: "insufficient funds",
      isEventualError: true,
      isTimeout: false,
      isHeartbeatTimeout: false,
    });
    const history = await env.getHistory(execution.executionId);
    expect(history.find((e) => e.type === "ActivityFailed")).toEqual({
      type: "ActivityFailed",
      seq: 0,
      error: { name: "CardDeclined", message: "insufficient funds" },
      stack: thrownHere("insufficient funds"),
      timestamp: "2026-01-01T00:00:01.000Z",
    });
  });

  scenario("runs an activity with no retry policy exactly once", async (env) => {
    const execution = await env.startExecution(callRunsOnce);
    await env.tick(3600);

    expect(onceCalls).toBe(1);
    expect(await execution.getStatus()).toMatchObject({
      status: "FAILED",
      error: { name: "Error", message: "no retry policy, so no second chance" },
    });
    expect(await historyTypes(env, execution.executionId)).toEqual([
      "WorkflowStarted",
      "ActivityScheduled",
      "ActivityFailed",
      "WorkflowFailed",
    ]);
  });
});

describe("activity timeouts", () => {
  scenario(
    "fails an activity past its timeout with a Timeout the workflow can catch",
    async (env) => {
      const execution = await env.startExecution(awaitNeverDone);
      await env.tick(59);
      expect((await execution.getStatus()).status).toBe("IN_PROGRESS");

      await env.tick(1);
      expect((await execution.getStatus()).result).toEqual({
        name: "Timeout",
        message: 'Activity "neverDone" timed out after 60s.',
        isEventualError: true,
        isTimeout: true,
        isHeartbeatTimeout: false,
      });
      expect(await historyTypes(env, execution.executionId)).toEqual([
        "WorkflowStarted",
        "ActivityScheduled",
        "ActivityTimedOut",
        "WorkflowSucceeded",
      ]);
    },
  );

  scenario(
    "fails an activity that stops heartbeating with a HeartbeatTimeout, a kind of Timeout",
    async (env) => {
      const execution = await env.startExecution(awaitSilentWorker);
      await env.tick(9);
      expect((await execution.getStatus()).status).toBe("IN_PROGRESS");

      await env.tick(1);
      expect((await execution.getStatus()).result).toEqual({
        name: "HeartbeatTimeout",
        message: 'Activity "silentWorker" sent no heartbeat for 10s.',
        isEventualError: true,
        isTimeout: true,
        isHeartbeatTimeout: true,
      });
    },
  );

  scenario(
    "keeps an activity that heartbeats in time alive well past its heartbeatTimeout",
    async (env) => {
      const execution = await env.startExecution(awaitChattyWorker);
      const [activityToken] = tokens;
      for (let beat = 0; beat < 6; beat++) {
        await env.tick(8);
        expect(await env.sendActivityHeartbeat({ activityToken: activityToken! })).toEqual({
          cancelled: false,
        });
      }
      await env.tick(8);
      expect((await execution.getStatus()).status).toBe("IN_PROGRESS");

      await env.sendActivitySuccess({ activityToken: activityToken!, result: "done after 56 s" });
      expect(await execution.getStatus()).toMatchObject({
        status: "SUCCEEDED",
        result: "done after 56 s",
      });
      expect(await env.sendActivityHeartbeat({ activityToken: activityToken! })).toEqual({
        cancelled: true,
      });
    },
  );

  scenario(
    "retries an attempt that stops heartbeating while attempts are left, after the backoff",
    async (env) => {
      const execution = await env.startExecution(callGoesSilentOnce);
      await env.tick(4);
      expect(attemptsSeen).toEqual([1]);

      await env.tick(1);
      expect(attemptsSeen).toEqual([1]);
      expect((await execution.getStatus()).status).toBe("IN_PROGRESS");

      await env.tick(1);
      expect(attemptsSeen).toEqual([1, 2]);
      expect(await execution.getStatus()).toMatchObject({
        status: "SUCCEEDED",
        result: "answered on attempt 2",
      });
      const history = await env.getHistory(execution.executionId);
      expect(history.map((event) => event.type)).toEqual([
        "WorkflowStarted",
        "ActivityScheduled",
        "ActivityRetrying",
        "ActivitySucceeded",
        "WorkflowSucceeded",
      ]);
      expect(history[2]).toEqual({
        type: "ActivityRetrying",
        seq: 0,
        attempt: 1,
        error: {
          name: "HeartbeatTimeout",
          message: 'Activity "goesSilentOnce" sent no heartbeat for 5s.',
        },
        retryDelay: 1,
        timestamp: "2026-01-01T00:00:05.000Z",
      });
    },
  );

  scenario(
    "does not hold a failed attempt's heartbeatTimeout against the retry's backoff",
    async (env) => {
      const execution = await env.startExecution(callSlowRetry);
      await env.tick(9);
      expect(attemptsSeen).toEqual([1]);
      expect((await execution.getStatus()).status).toBe("IN_PROGRESS");

      await env.tick(1);
      expect(attemptsSeen).toEqual([1, 2]);
      expect(heartbeatReplies).toEqual([{ cancelled: false }, { cancelled: false }]);
      expect(await execution.getStatus()).toMatchObject({
        status: "SUCCEEDED",
        result: "succeeded on attempt 2",
      });
      // Recorded once, though the attempt set a heartbeat deadline before it failed.
      const retries = (await env.getHistory(execution.executionId)).filter(
        (event) => event.type === "ActivityRetrying",
      );
      expect(retries).toEqual([
        {
          type: "ActivityRetrying",
          seq: 0,
          attempt: 1,
          error: { name: "Error", message: "first attempt fails" },
          stack: thrownHere("first attempt fails"),
          retryDelay: 10,
          timestamp: "2026-01-01T00:00:00.000Z",
        },
      ]);
    },
  );
});

describe("asynchronous completion", () => {
  scenario("completes an asyncResult activity with sendActivitySuccess", async (env) => {
    const execution = await env.startExecution(requestApproval, "new laptop");
    expect((await execution.getStatus()).status).toBe("IN_PROGRESS");
    expect(tokens).toHaveLength(1);

    await env.sendActivitySuccess({ activityToken: tokens[0]!, result: "approved" });
    expect(await execution.getStatus()).toMatchObject({
      status: "SUCCEEDED",
      result: { verdict: "approved" },
    });
  });

  scenario(
    "fails an asyncResult activity with sendActivityFailure, keeping name and message",
    async (env) => {
      const execution = await env.startExecution(requestApproval, "gold-plated desk");

      await env.sendActivityFailure({
        activityToken: tokens[0]!,
        error: "Rejected",
        message: "over budget",
      });
      expect((await execution.getStatus()).result).toEqual({
        rejected: {
          name: "Rejected",
          message: "over budget",
          isEventualError: true,
          isTimeout: false,
          isHeartbeatTimeout: false,
        },
      });
    },
  );

  scenario("ignores a second completion of the same activity", async (env) => {
    const execution = await env.startExecution(approveThenProceed);
    const [activityToken] = tokens;

    await env.sendActivitySuccess({ activityToken: activityToken!, result: "approved" });
    await env.sendActivityFailure({ activityToken: activityToken!, error: "Rejected" });
    await env.sendActivitySuccess({ activityToken: activityToken!, result: "approved twice" });
    await env.sendSignal(execution, proceed);

    expect(await execution.getStatus()).toMatchObject({ status: "SUCCEEDED", result: "approved" });
    expect(await historyTypes(env, execution.executionId)).toEqual([
      "WorkflowStarted",
      "ActivityScheduled",
      "ActivitySucceeded",
      "SignalReceived",
      "WorkflowSucceeded",
    ]);
  });
});
