import { event } from "@eventual/core";
import type { ServiceRegistry } from "@eventual/core/internal";
import { getRegistry } from "@eventual/core/internal";
import { describe, expect, it } from "vitest";
import { VirtualClock } from "../clock.js";
import { Engine } from "../engine.js";
import { MemoryStore } from "../store/memory-store.js";
import type { EventPush, LinkedSubscriber, PushedEvent } from "./service-links.js";

interface Order {
  orderId: string;
}

const orderPlaced = event<Order>("links.OrderPlaced");
const orderShipped = event<Order>("links.OrderShipped");
const received: Order[] = [];
orderPlaced.onEvent("links.receiveOrder", (order) => {
  received.push(order);
});

/** The publisher's declarations: the events, none of the receiver's subscribers. */
const publisherRegistry: ServiceRegistry = { ...getRegistry(), subscriptions: new Map() };

/** Two engines linked as an app's services are, the push carried by a call instead of HTTP. */
function linkedPair(options: { retry?: LinkedSubscriber["retry"]; down?: () => boolean } = {}) {
  const clock = new VirtualClock(Date.parse("2026-12-01T00:00:00Z"));
  const receiver = new Engine({
    store: new MemoryStore(),
    clock,
    echoLogs: false,
    links: { publishers: [{ service: "orders", events: [orderPlaced.name] }] },
  });
  const pushes: PushedEvent[][] = [];
  const push: EventPush = async (service, events) => {
    expect(service).toBe("invoices");
    pushes.push(events);
    if (options.down?.()) throw new Error("connect ECONNREFUSED 127.0.0.1:3112");
    return receiver.receiveEvents("orders", events);
  };
  const publisher = new Engine({
    store: new MemoryStore(),
    registry: publisherRegistry,
    clock,
    echoLogs: false,
    links: {
      subscribers: [
        {
          service: "invoices",
          events: [orderPlaced.name],
          ...(options.retry ? { retry: options.retry } : {}),
        },
      ],
      push,
    },
  });
  return { clock, publisher, receiver, pushes };
}

describe("services linked by pushed events", () => {
  it("pushes each event published for another service and stores it there once", async () => {
    received.length = 0;
    const { publisher, receiver, pushes } = linkedPair();
    await publisher.publishEvents(
      ["o-1", "o-2", "o-3"].map((orderId) => ({ name: orderPlaced.name, event: { orderId } })),
    );
    // Published but not subscribed by the other service: it stays here.
    await publisher.publishEvents([{ name: orderShipped.name, event: { orderId: "o-1" } }]);
    await publisher.drain();
    await receiver.drain();
    expect(received.map((order) => order.orderId).sort()).toEqual(["o-1", "o-2", "o-3"]);
    // Claimed together, pushed together.
    expect(pushes.map((events) => events.length)).toEqual([3]);
    // A push that arrives again (its answer was lost) stores nothing twice.
    expect(await receiver.receiveEvents("orders", pushes[0]!)).toEqual([
      { status: "duplicate" },
      { status: "duplicate" },
      { status: "duplicate" },
    ]);
    await receiver.drain();
    expect(received).toHaveLength(3);
  });

  it("refuses an event the receiver does not take from the sender, and a sender it does not know", async () => {
    const { receiver } = linkedPair();
    const pushed = { id: "e-1", event: { orderId: "o-1" }, publishedAt: 0 };
    const [outcome] = await receiver.receiveEvents("orders", [
      { ...pushed, name: orderShipped.name },
    ]);
    expect(outcome).toMatchObject({
      status: "refused",
      error: { message: `This service takes no event "${orderShipped.name}" from orders.` },
    });
    await expect(
      receiver.receiveEvents("payments", [{ ...pushed, name: orderPlaced.name }]),
    ).rejects.toMatchObject({ code: "not_found" });
    // Neither stored anything under the id: the genuine event is stored, not a duplicate.
    expect(await receiver.receiveEvents("orders", [{ ...pushed, name: orderPlaced.name }])).toEqual(
      [{ status: "stored" }],
    );
  });

  it("retries a push while the receiver is down, then keeps a dead letter that redrives once", async () => {
    received.length = 0;
    let down = true;
    const { clock, publisher, receiver, pushes } = linkedPair({
      retry: { maxAttempts: 3, initialInterval: 1, maxInterval: 1 },
      down: () => down,
    });
    await publisher.publishEvents([{ name: orderPlaced.name, event: { orderId: "o-9" } }]);
    for (let attempt = 0; attempt < 3; attempt++) {
      await publisher.drain();
      clock.set(clock.now() + 1_000);
    }
    expect(pushes).toHaveLength(3);
    const [dead] = await publisher.store.listDeadLetters();
    expect(dead).toMatchObject({
      subscription: "service:invoices",
      eventName: orderPlaced.name,
      attempt: 3,
      lastError: { message: "connect ECONNREFUSED 127.0.0.1:3112" },
    });

    down = false;
    await publisher.redriveDelivery(dead!.id);
    await publisher.drain();
    await receiver.drain();
    expect(received).toEqual([{ orderId: "o-9" }]);
    expect(await publisher.store.listDeadLetters()).toEqual([]);
    // Every attempt carried the same id: the one the receiver deduplicates by.
    expect(new Set(pushes.flat().map((pushed) => pushed.id)).size).toBe(1);
  });

  it("forgets received events after the retention, so that only recent ones are deduplicated", async () => {
    const clock = new VirtualClock(Date.parse("2026-12-01T00:00:00Z"));
    const receiver = new Engine({
      store: new MemoryStore(),
      clock,
      echoLogs: false,
      receivedEventRetentionMs: 60_000,
      links: { publishers: [{ service: "orders", events: [orderPlaced.name] }] },
    });
    const push = (id: string) =>
      receiver.receiveEvents("orders", [
        { id, name: orderPlaced.name, event: { orderId: id }, publishedAt: 0 },
      ]);
    await push("old");
    clock.set(clock.now() + 30_000);
    await push("recent");
    clock.set(clock.now() + 45_000);
    await receiver.forgetReceivedEvents();
    expect(await push("old")).toEqual([{ status: "stored" }]);
    expect(await push("recent")).toEqual([{ status: "duplicate" }]);
  });

  it("needs a push when other services subscribe", () => {
    expect(
      () =>
        new Engine({
          store: new MemoryStore(),
          links: { subscribers: [{ service: "invoices", events: [orderPlaced.name] }] },
        }),
    ).toThrow("no push carries them");
  });
});
