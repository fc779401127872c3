import { activity, event, getActivityContext, signal, workflow } from "@eventual/core";
import { beforeEach, describe, expect, it } from "vitest";
import { TestEnvironment } from "../src/index.js";
import { historyTypes, replayEquivalentScenarios } from "./replay-equivalence.js";

/** `[[[…]]]` nested `depth` levels deep: deeper than V8's JSON.stringify can go at 10,000. */
function nested(depth: number): unknown {
  let value: unknown = [];
  for (let i = 1; i < depth; i++) value = [value];
  return value;
}

const echo = workflow("unstorable.echo", async (input: unknown) => input);
const ping = signal<unknown>("unstorable.ping");
const waitForPing = workflow("unstorable.waitForPing", async () => ping.expectSignal());
const noted = event<unknown>("unstorable.noted");

const attempts: number[] = [];
const bigAmount = activity("unstorable.bigAmount", { retry: { maxAttempts: 2 } }, () => {
  const { attempt } = getActivityContext();
  attempts.push(attempt);
  return attempt === 1 ? { amount: 10n } : { amount: "10" };
});
const callBigAmount = workflow("unstorable.callBigAmount", async () => bigAmount());
const returnsBigint = workflow("unstorable.returnsBigint", async () => ({ total: 5n }) as unknown);

describe("values that cannot be stored, from outside", () => {
  const env = new TestEnvironment();
  beforeEach(() => env.initialize());

  it("refuses an input nested too deep with a BadRequestError, and stores no execution", async () => {
    await expect(env.startExecution(echo, nested(10_000))).rejects.toMatchObject({
      code: "bad_request",
      message: "The input is nested deeper than 256 levels.",
    });
    expect((await env.engine.listExecutions({})).executions).toEqual([]);
  });

  it("refuses a signal's payload and an event nested too deep, or holding a bigint", async () => {
    const execution = await env.startExecution(waitForPing, undefined);
    await expect(env.sendSignal(execution, ping, nested(10_000))).rejects.toMatchObject({
      code: "bad_request",
      message: 'The payload of signal "unstorable.ping" is nested deeper than 256 levels.',
    });
    await expect(env.publishEvent(noted, { amount: 1n })).rejects.toMatchObject({
      code: "bad_request",
      message: 'The event "unstorable.noted" holds a bigint at $.amount, which JSON cannot carry.',
    });
    await env.sendSignal(execution, ping, nested(256));
    expect((await execution.getStatus()).status).toBe("SUCCEEDED");
  });
});

describe("values that cannot be stored, made by the service's own code", () => {
  const scenario = replayEquivalentScenarios({ beforeRun: () => (attempts.length = 0) });

  scenario("fails the attempt whose result holds a bigint, and retries it", async (env) => {
    const execution = await env.startExecution(callBigAmount, undefined);
    await env.tick(1); // the retry's backoff
    expect(attempts).toEqual([1, 2]);
    expect(await execution.getStatus()).toMatchObject({
      status: "SUCCEEDED",
      result: { amount: "10" },
    });
  });

  scenario("fails a workflow whose result cannot be stored, once", async (env) => {
    const execution = await env.startExecution(returnsBigint, undefined);
    expect(await execution.getStatus()).toMatchObject({
      status: "FAILED",
      error: {
        name: "TypeError",
        message: "The workflow's result cannot be stored: Do not know how to serialize a BigInt",
      },
    });
    expect(await historyTypes(env, execution.executionId)).toEqual([
      "WorkflowStarted",
      "WorkflowFailed",
    ]);
  });
});
