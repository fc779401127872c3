import { TestEnvironment } from "@eventual/testing";
import { beforeEach, describe, expect, it } from "vitest";
import { chargeCreditCard, dispatchOrder, ledger, notifications, processOrder } from "./index.js";

const order = { orderId: "o-1", source: "card_visa", amount: 42, address: "1 Main St" };

describe("the order service", () => {
  const env = new TestEnvironment({ start: "2026-01-01T00:00:00Z" });

  beforeEach(async () => {
    await env.initialize();
    ledger.clear();
    notifications.length = 0;
  });

  it("dispatches after its one-second window and announces the order", async () => {
    const execution = await env.startExecution(processOrder, order);
    expect((await execution.getStatus()).status).toBe("IN_PROGRESS");
    await env.tick(1);
    expect((await execution.getStatus()).result).toEqual({
      status: "dispatched",
      chargeId: "ch_1",
    });
    expect(notifications).toEqual(["order o-1 dispatched at 2026-01-01T00:00:01.000Z"]);
  });

  it("refunds the charge when the order is cancelled through the API", async () => {
    const execution = await env.startExecution(processOrder, order);
    const response = await env.fetch(`/order/${execution.executionId}/cancel`, {
      method: "POST",
      body: JSON.stringify({ reason: "changed my mind" }),
    });
    expect(response.status).toBe(200);
    await env.tick(1);
    expect((await execution.getStatus()).result).toEqual({
      status: "cancelled",
      reason: "changed my mind",
    });
    expect(ledger.get("ch_1")?.refunded).toBe(true);
  });

  it("charges back when dispatch fails", async () => {
    env.mockActivity(dispatchOrder).fail(new Error("warehouse on fire"));
    const execution = await env.startExecution(processOrder, order);
    await env.tick(1);
    expect((await execution.getStatus()).result).toEqual({ status: "refunded" });
    expect(ledger.get("ch_1")?.refunded).toBe(true);
  });

  it("retries a failing charge with backoff", async () => {
    const charge = env
      .mockActivity(chargeCreditCard)
      .failOnce(new Error("gateway down"))
      .invokeReal();
    const execution = await env.startExecution(processOrder, order);
    await env.tick(2);
    expect(charge.calls.map((call) => call.attempt)).toEqual([1, 2]);
    expect((await execution.getStatus()).status).toBe("SUCCEEDED");
  });
});
