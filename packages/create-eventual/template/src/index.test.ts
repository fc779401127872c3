import { TestEnvironment } from "@eventual/testing";
import { beforeEach, describe, expect, it } from "vitest";
import { greet, wave, waveWindow } from "./index.js";

// The real engine on an in-memory store. Time is virtual: it moves only when the test ticks it.
const env = new TestEnvironment();

describe("the greet workflow", () => {
  beforeEach(() => env.initialize());

  it("waits for waves, then returns the greeting and how many waves it received", async () => {
    const execution = await env.startExecution(greet, "Ada");
    await env.sendSignal(execution, wave);
    await env.sendSignal(execution, wave);
    expect((await execution.getStatus()).status).toBe("IN_PROGRESS");

    await env.tick(waveWindow);

    expect(await execution.getStatus()).toMatchObject({
      status: "SUCCEEDED",
      result: { greeting: "Hello, Ada!", waves: 2 },
    });
  });

  it("is started by POST /greet/:name, which answers 202 with the execution id", async () => {
    const response = await env.fetch(
      new Request("http://localhost/greet/Grace", { method: "POST" }),
    );
    expect(response.status).toBe(202);
    const { executionId } = (await response.json()) as { executionId: string };

    await env.tick(waveWindow);

    expect(await env.getExecution(executionId)).toMatchObject({
      status: "SUCCEEDED",
      result: { greeting: "Hello, Grace!", waves: 0 },
    });
  });
});
