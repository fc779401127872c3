import { event, workflow } from "@eventual/core";
import { describe, expect } from "vitest";
import { replayEquivalentScenarios } from "./replay-equivalence.js";

interface OrderPlaced {
  orderId: string;
}
interface Payment {
  paymentId: string;
  amount: number;
}

/** Module state the subscribers below record into; cleared before each run. */
const placedOrders: string[] = [];
const orderCount = { value: 0 };
const ledger = { down: true, attempts: 0, posted: [] as Payment[] };

const scenario = replayEquivalentScenarios({
  start: "2026-01-01T00:00:00Z",
  beforeRun: () => {
    placedOrders.length = 0;
    orderCount.value = 0;
    ledger.down = true;
    ledger.attempts = 0;
    ledger.posted.length = 0;
  },
});

const orderPlaced = event<OrderPlaced>("OrderPlaced");
orderPlaced.onEvent("recordOrder", (e) => {
  placedOrders.push(e.orderId);
});
orderPlaced.onEvent("countOrders", () => {
  orderCount.value++;
});

const payment = event<Payment>("Payment");
payment.onEvent("postToLedger", { retry: { maxAttempts: 3 } }, (e) => {
  ledger.attempts++;
  if (ledger.down) throw new Error("ledger is down");
  ledger.posted.push(e);
});

const placeOrders = workflow("placeOrders", async (orderIds: string[]) => {
  await orderPlaced.publishEvents(...orderIds.map((orderId) => ({ orderId })));
  return orderIds.length;
});

describe("events published from a workflow", () => {
  scenario("reach the event's subscriber, recorded in history as one step", async (env) => {
    const execution = await env.startExecution(placeOrders, ["o-1", "o-2"]);

    expect(await execution.getStatus()).toMatchObject({ status: "SUCCEEDED", result: 2 });
    expect(placedOrders).toEqual(["o-1", "o-2"]);
    expect(orderCount.value).toBe(2);
    expect((await env.getHistory(execution.executionId))[1]).toEqual({
      type: "EventsPublished",
      seq: 0,
      events: [
        { name: "OrderPlaced", event: { orderId: "o-1" } },
        { name: "OrderPlaced", event: { orderId: "o-2" } },
      ],
      timestamp: "2026-01-01T00:00:00.000Z",
    });
  });
});

describe("events published from outside", () => {
  scenario("reach every subscriber of the event, once per payload", async (env) => {
    await env.publishEvents(orderPlaced, { orderId: "o-3" }, { orderId: "o-4" });

    expect(placedOrders).toEqual(["o-3", "o-4"]);
    expect(orderCount.value).toBe(2);
  });
});

describe("a failing subscriber", () => {
  scenario("is retried with backoff, then dead-lettered after its last attempt", async (env) => {
    const charge = { paymentId: "p-1", amount: 42 };
    await env.publishEvent(payment, charge);
    expect(ledger.attempts).toBe(1);

    await env.tickUntil("2026-01-01T00:00:00.999Z");
    expect(ledger.attempts).toBe(1);
    await env.tickUntil("2026-01-01T00:00:01Z");
    expect(ledger.attempts).toBe(2);
    await env.tickUntil("2026-01-01T00:00:02.999Z");
    expect(ledger.attempts).toBe(2);
    await env.tickUntil("2026-01-01T00:00:03Z");
    expect(ledger.attempts).toBe(3);

    await env.tick(3600);
    expect(ledger.attempts).toBe(3);
    expect(await env.engine.store.listDeadLetters()).toEqual([
      expect.objectContaining({
        subscription: "postToLedger",
        eventName: "Payment",
        event: charge,
        attempt: 3,
        dead: true,
        lastError: { name: "Error", message: "ledger is down" },
        // Where the subscriber threw, without the engine's frames that ran it.
        lastStack: expect.stringMatching(
          /^Error: ledger is down\n\s+at [^\n]*events\.test\.ts:\d+:\d+\)?$/,
        ),
      }),
    ]);
  });

  scenario("delivers a dead letter once redriven, leaving no dead letters", async (env) => {
    const charge = { paymentId: "p-2", amount: 7 };
    await env.publishEvent(payment, charge);
    await env.tick(60);
    const [dead] = await env.engine.store.listDeadLetters();
    expect(dead?.attempt).toBe(3);

    ledger.down = false;
    await env.engine.redriveDelivery(dead!.id);
    await env.tick(0);

    expect(ledger.posted).toEqual([charge]);
    expect(ledger.attempts).toBe(4);
    expect(await env.engine.store.listDeadLetters()).toEqual([]);
  });

  scenario("refuses to redrive a delivery that does not exist", async (env) => {
    await expect(env.engine.redriveDelivery("no-such-delivery")).rejects.toMatchObject({
      code: "not_found",
    });
  });
});
