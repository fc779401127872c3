import { activity, api, event, getServiceClient, signal, workflow } from "@eventual/core";
import { describe, expect, it } from "vitest";
import { TestEnvironment } from "../src/index.js";

const ready = signal<{ from: string }>("sc.ready");
const waiter = workflow("sc.waiter", async () => (await ready.expectSignal()).from);

const nudge = activity("sc.nudge", async (executionId: string) => {
  await getServiceClient().sendSignal(executionId, ready, { from: "an activity" });
});
const nudger = workflow("sc.nudger", (executionId: string) => nudge(executionId));

const requested = event<{ who: string }>("sc.Requested");
requested.onEvent("sc.startWaiter", async ({ who }) => {
  await getServiceClient().startExecution(waiter, undefined, { executionName: who });
});

api.get("/executions/:id", async (request) => getServiceClient().getExecution(request.params.id));

const misuse = workflow("sc.misuse", async () => {
  getServiceClient();
});

describe("getServiceClient() inside a service", () => {
  it("reaches the running service from an activity, a subscriber and an API route", async () => {
    const env = new TestEnvironment();
    await env.initialize();
    await env.publishEvent(requested, { who: "ada" });
    const waiting = await getServiceClient().getExecution("sc.waiter~ada");
    expect(waiting.status).toBe("IN_PROGRESS");

    await env.startExecution(nudger, "sc.waiter~ada");
    const response = await env.fetch("/executions/sc.waiter~ada");
    expect(await response.json()).toMatchObject({ status: "SUCCEEDED", result: "an activity" });

    const missing = await env.fetch("/executions/sc.waiter~nobody");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      error: { code: "not_found", message: 'Execution "sc.waiter~nobody" does not exist.' },
    });
  });

  it("is refused in workflow code, whose effects must be recorded steps", async () => {
    const env = new TestEnvironment();
    await env.initialize();
    const execution = await env.startExecution(misuse);
    const { error } = await execution.getStatus();
    expect(error?.message).toMatch(/^getServiceClient\(\) cannot be used in workflow code/);
  });
});
