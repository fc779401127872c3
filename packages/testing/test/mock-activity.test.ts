import { activity, workflow } from "@eventual/core";
import { decodeActivityToken } from "@eventual/engine";
import { describe, expect } from "vitest";
import type { TestEnvironment } from "../src/index.js";
import { replayEquivalentScenarios } from "./replay-equivalence.js";

const scenario = replayEquivalentScenarios({ start: "2026-01-01T00:00:00Z" });

const quote = activity(
  "quote",
  { retry: { maxAttempts: 2 } },
  (item: string, quantity: number) => `real quote for ${quantity}x ${item}`,
);

/** Asks for one quote per item, in turn, and reports each outcome, failures included. */
const quoteAll = workflow("quoteAll", async (items: string[]) => {
  const outcomes: string[] = [];
  for (const [i, item] of items.entries()) {
    try {
      outcomes.push(await quote(item, i + 1));
    } catch (error) {
      outcomes.push(`failed: ${(error as Error).name}: ${(error as Error).message}`);
    }
  }
  return outcomes;
});

/** Runs `quoteAll` until nothing is due within the next minute and returns its result. */
async function quoteAllResult(env: TestEnvironment, items: string[]) {
  const execution = await env.startExecution(quoteAll, items);
  await env.tick(60);
  const status = await execution.getStatus();
  expect(status.status).toBe("SUCCEEDED");
  return status.result;
}

describe("mockActivity with no behaviour", () => {
  scenario("runs the real handler and records each call", async (env) => {
    const mock = env.mockActivity(quote);

    expect(await quoteAllResult(env, ["apple"])).toEqual(["real quote for 1x apple"]);
    expect(mock.calls.map((call) => call.args)).toEqual([["apple", 1]]);
  });
});

describe("succeed and succeedOnce", () => {
  scenario("succeed returns its result from every call", async (env) => {
    env.mockActivity(quote).succeed("mocked");

    expect(await quoteAllResult(env, ["apple", "pear"])).toEqual(["mocked", "mocked"]);
  });

  scenario(
    "succeedOnce results are used first, in order, then the standing behaviour",
    async (env) => {
      env.mockActivity(quote).succeed("standing").succeedOnce("first").succeedOnce("second");

      expect(await quoteAllResult(env, ["a", "b", "c", "d"])).toEqual([
        "first",
        "second",
        "standing",
        "standing",
      ]);
    },
  );

  scenario("succeedOnce falls back to the real handler when nothing stands", async (env) => {
    env.mockActivity(quote).succeedOnce("first");

    expect(await quoteAllResult(env, ["a", "b"])).toEqual(["first", "real quote for 2x b"]);
  });
});

describe("fail and failOnce", () => {
  scenario("fail throws on every attempt, through the activity's retries", async (env) => {
    const mock = env.mockActivity(quote).fail(new Error("quotes are down"));

    expect(await quoteAllResult(env, ["a", "b"])).toEqual([
      "failed: Error: quotes are down",
      "failed: Error: quotes are down",
    ]);
    expect(mock.calls.map((call) => [call.args[0], call.attempt])).toEqual([
      ["a", 1],
      ["a", 2],
      ["b", 1],
      ["b", 2],
    ]);
  });

  scenario("failOnce throws once, and the retry runs the real handler", async (env) => {
    const mock = env.mockActivity(quote).failOnce(new TypeError("glitch"));

    expect(await quoteAllResult(env, ["a", "b"])).toEqual([
      "real quote for 1x a",
      "real quote for 2x b",
    ]);
    expect(mock.calls.map((call) => [call.args[0], call.attempt])).toEqual([
      ["a", 1],
      ["a", 2],
      ["b", 1],
    ]);
  });
});

describe("block and blockOnce", () => {
  scenario("block leaves every call waiting until the test completes it by token", async (env) => {
    const mock = env.mockActivity(quote).block();
    const execution = await env.startExecution(quoteAll, ["a", "b"]);
    await env.tick(3600);
    expect((await execution.getStatus()).status).toBe("IN_PROGRESS");
    expect(mock.calls).toHaveLength(1);

    await env.sendActivitySuccess({ activityToken: mock.calls[0]!.activityToken, result: "A" });
    expect(mock.calls).toHaveLength(2);
    await env.sendActivityFailure({
      activityToken: mock.calls[1]!.activityToken,
      error: "Unavailable",
      message: "no b today",
    });

    expect((await execution.getStatus()).result).toEqual(["A", "failed: Unavailable: no b today"]);
  });

  scenario("blockOnce blocks only the first call", async (env) => {
    const mock = env.mockActivity(quote).blockOnce();
    const execution = await env.startExecution(quoteAll, ["a", "b"]);
    await env.sendActivitySuccess({ activityToken: mock.calls[0]!.activityToken, result: "A" });

    expect((await execution.getStatus()).result).toEqual(["A", "real quote for 2x b"]);
  });
});

describe("invoke and invokeOnce", () => {
  scenario("invoke runs the given function with each call's arguments", async (env) => {
    env.mockActivity(quote).invoke((item, quantity) => `${quantity} ${item}s, cheap`);

    expect(await quoteAllResult(env, ["apple", "pear"])).toEqual([
      "1 apples, cheap",
      "2 pears, cheap",
    ]);
  });

  scenario("invokeOnce runs the function for the first call only", async (env) => {
    env.mockActivity(quote).invokeOnce(async (item) => `just this once: ${item}`);

    expect(await quoteAllResult(env, ["apple", "pear"])).toEqual([
      "just this once: apple",
      "real quote for 2x pear",
    ]);
  });
});

describe("invokeReal and invokeRealOnce", () => {
  scenario("invokeReal replaces a standing behaviour with the real handler", async (env) => {
    env.mockActivity(quote).succeed("mocked").invokeReal();

    expect(await quoteAllResult(env, ["a", "b"])).toEqual([
      "real quote for 1x a",
      "real quote for 2x b",
    ]);
  });

  scenario(
    "invokeRealOnce runs the real handler once before the standing behaviour",
    async (env) => {
      env.mockActivity(quote).succeed("mocked").invokeRealOnce();

      expect(await quoteAllResult(env, ["a", "b"])).toEqual(["real quote for 1x a", "mocked"]);
    },
  );
});

describe("calls and reset", () => {
  scenario("records each call's arguments, attempt and activity token", async (env) => {
    const mock = env.mockActivity(quote).failOnce(new Error("retry me")).succeed("ok");
    const execution = await env.startExecution(quoteAll, ["apple"]);
    await env.tick(1);

    expect(mock.calls.map(({ args, attempt }) => ({ args, attempt }))).toEqual([
      { args: ["apple", 1], attempt: 1 },
      { args: ["apple", 1], attempt: 2 },
    ]);
    for (const call of mock.calls) {
      expect(decodeActivityToken(call.activityToken)).toEqual({
        executionId: execution.executionId,
        seq: 0,
        name: "quote",
        attempt: call.attempt,
      });
    }
  });

  scenario("reset forgets behaviours and calls, so the real handler runs again", async (env) => {
    const mock = env.mockActivity(quote).succeed("mocked").succeedOnce("once");
    expect(await quoteAllResult(env, ["a"])).toEqual(["once"]);

    mock.reset();
    expect(mock.calls).toEqual([]);
    expect(await quoteAllResult(env, ["a", "b"])).toEqual([
      "real quote for 1x a",
      "real quote for 2x b",
    ]);
    expect(mock.calls).toHaveLength(2);
  });

  scenario("the environment's reset removes its mocks", async (env) => {
    env.mockActivity(quote).succeed("mocked");
    env.reset();

    expect(await quoteAllResult(env, ["a"])).toEqual(["real quote for 1x a"]);
  });
});
