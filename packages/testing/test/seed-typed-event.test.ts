import { beforeEach, describe, expect, expectTypeOf, it } from "vitest";
import { TestEnvironment } from "../src/index.js";
import type { OrderEvent } from "./fixtures/seed-typed-event.js";
import { orderEvent, orderTimes } from "./fixtures/seed-typed-event.js";

describe("the seed's typed Order event", () => {
  const env = new TestEnvironment();

  beforeEach(async () => {
    await env.initialize();
    orderTimes.length = 0;
  });

  it("types subscribers and publishers with the declared shape, so `event.id` does not compile", () => {
    expectTypeOf(orderEvent.onEvent).parameter(0).parameter(0).toEqualTypeOf<OrderEvent>();
    expectTypeOf(orderEvent.publishEvents).parameters.toEqualTypeOf<OrderEvent[]>();
    expectTypeOf<OrderEvent>().not.toHaveProperty("id");
    expectTypeOf(orderEvent.publishEvents).toBeCallableWith({ orderId: "o-1", orderTime: "t" });
    // @ts-expect-error an order event needs an orderTime; `tsc` fails if this compiles.
    expectTypeOf(orderEvent.publishEvents).toBeCallableWith({ orderId: "o-1" });
  });

  it("delivers a published order to the seed's subscriber and to a typed one", async () => {
    const outcomes: string[] = [];
    env.engine.events.on("deliveryCompleted", ({ subscription, outcome }) => {
      outcomes.push(`${subscription} ${outcome}`);
    });

    await env.publishEvent(orderEvent, { orderId: "o-1", orderTime: "2026-01-01T00:00:00Z" });

    expect(orderTimes).toEqual(["o-1@2026-01-01T00:00:00Z"]);
    expect(outcomes.sort()).toEqual(["Order.subscriber-1 delivered", "recordOrderTime delivered"]);
  });
});
