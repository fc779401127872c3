import { getRegistry } from "@eventual/core/internal";
import { beforeEach, describe, expect, it } from "vitest";
import { TestEnvironment } from "../src/index.js";
import {
  checkoutEvent,
  importOrder,
  placeOrder,
  receivedOrders,
} from "./fixtures/seed-order-event.js";

/** The name the seed's anonymous `orderEvent.onEvent(...)` subscriber is registered under. */
const seedSubscriber = "Order.subscriber-1";

describe("the seed's Order event, published and subscribed as the seed writes it", () => {
  const env = new TestEnvironment({ start: "2026-01-01T00:00:00Z" });
  let seedDeliveries: string[];

  beforeEach(async () => {
    await env.initialize();
    receivedOrders.length = 0;
    seedDeliveries = [];
    env.engine.events.on("deliveryCompleted", (delivery) => {
      if (delivery.subscription === seedSubscriber) {
        seedDeliveries.push(`${delivery.eventName} ${delivery.outcome}`);
      }
    });
  });

  it("registers the seed's subscriber for the Order event", () => {
    expect(getRegistry().subscriptions.get(seedSubscriber)?.events).toEqual(["Order"]);
  });

  it("delivers an order published from an API route to both subscribers", async () => {
    const response = await env.fetch("/orders/o-1", { method: "POST" });

    expect(await response.json()).toEqual({ published: "o-1" });
    expect(receivedOrders).toEqual([{ orderId: "o-1", orderTime: "2026-01-01T00:00:00.000Z" }]);
    expect(seedDeliveries).toEqual(["Order delivered"]);
  });

  it("delivers orders published from a workflow and from the activity it calls", async () => {
    await env.tick(5);
    const execution = await env.startExecution(placeOrder, "o-2");

    expect((await execution.getStatus()).status).toBe("SUCCEEDED");
    expect(receivedOrders).toEqual([
      { orderId: "o-2", orderTime: "2026-01-01T00:00:05.000Z" },
      { orderId: "o-2-recorded", orderTime: "2026-01-02T00:00:00.000Z" },
    ]);
    expect(seedDeliveries).toEqual(["Order delivered", "Order delivered"]);
    const history = await env.getHistory(execution.executionId);
    expect(history).toContainEqual(
      expect.objectContaining({
        type: "EventsPublished",
        events: [
          { name: "Order", event: { orderId: "o-2", orderTime: "2026-01-01T00:00:05.000Z" } },
        ],
      }),
    );
  });

  it("delivers an order published from another event's handler", async () => {
    await env.publishEvent(checkoutEvent, { cartId: "c-9" });

    expect(receivedOrders).toEqual([
      { orderId: "from-c-9", orderTime: "2026-01-03T00:00:00.000Z" },
    ]);
    expect(seedDeliveries).toEqual(["Order delivered"]);
  });

  it("stores an order published from outside Eventual and delivers it with the next due work", async () => {
    await importOrder("o-3", "2025-12-31T23:00:00.000Z");
    expect(receivedOrders).toEqual([]);

    await env.tick(0);

    expect(receivedOrders).toEqual([{ orderId: "o-3", orderTime: "2025-12-31T23:00:00.000Z" }]);
    expect(seedDeliveries).toEqual(["Order delivered"]);
  });
});
