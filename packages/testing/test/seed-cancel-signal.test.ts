import { beforeEach, describe, expect, it } from "vitest";
import { TestEnvironment } from "../src/index.js";
import {
  cancelledOrders,
  dispatchWindowSeconds,
  processOrder,
  processOrderInWindow,
} from "./fixtures/seed-cancel-signal.js";

const order = { orderId: "o-7", items: ["book"] };

describe("the seed's cancel signal, sent from its API route", () => {
  const env = new TestEnvironment({ start: "2026-01-01T00:00:00Z" });

  beforeEach(async () => {
    await env.initialize();
    cancelledOrders.length = 0;
  });

  it("runs the workflow's onSignal handler, which cancels the order through an activity", async () => {
    const execution = await env.startExecution(processOrderInWindow, order);

    const response = await env.fetch(`/order/${execution.executionId}/cancel`, { method: "POST" });

    expect(response.status).toBe(204);
    expect(cancelledOrders).toEqual(["o-7"]);
    const history = await env.getHistory(execution.executionId);
    expect(history).toContainEqual(
      expect.objectContaining({ type: "SignalReceived", signal: "cancel" }),
    );
    expect(history).toContainEqual(
      expect.objectContaining({ type: "ActivityScheduled", name: "cancelOrder", args: [order] }),
    );
    expect((await execution.getStatus()).status).toBe("IN_PROGRESS");
    await env.tick(dispatchWindowSeconds);
    expect((await execution.getStatus()).status).toBe("SUCCEEDED");
    expect(cancelledOrders).toEqual(["o-7"]);
  });

  it("leaves the order alone when no cancel arrives", async () => {
    const execution = await env.startExecution(processOrderInWindow, order);
    await env.tick(dispatchWindowSeconds);

    expect((await execution.getStatus()).status).toBe("SUCCEEDED");
    expect(cancelledOrders).toEqual([]);
  });

  it("runs the seed's processOrder as written: it ends once its handler is registered, and a later cancel is refused with 409", async () => {
    const execution = await env.startExecution(processOrder, order);
    expect((await execution.getStatus()).status).toBe("SUCCEEDED");

    const response = await env.fetch(`/order/${execution.executionId}/cancel`, { method: "POST" });

    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ error: { code: "conflict" } });
    expect(cancelledOrders).toEqual([]);
  });

  it("answers 404 for an order that has no execution", async () => {
    const response = await env.fetch("/order/processOrder~nope/cancel", { method: "POST" });
    expect(response.status).toBe(404);
  });
});
