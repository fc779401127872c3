import { event } from "@eventual/core";
import { getRegistry } from "@eventual/core/internal";
import { Engine, MemoryStore } from "@eventual/engine";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Listener } from "../src/index.js";
import {
  httpEventPush,
  listen,
  serviceApp,
  signatureHeader,
  signPush,
  subscriptionSecret,
} from "../src/index.js";

const orderPlaced = event<{ orderId: string }>("push.OrderPlaced");
const received: string[] = [];
orderPlaced.onEvent("push.invoiceOrder", ({ orderId }) => {
  received.push(orderId);
});

const appSecret = "the app's secret";
const secret = subscriptionSecret(appSecret, "order-service", "invoice-service");
const apiKey = "invoice API key";

describe("pushes between services over HTTP", () => {
  let receiver: Engine;
  let listener: Listener;
  let publisher: Engine;

  beforeAll(async () => {
    receiver = new Engine({
      store: new MemoryStore(),
      echoLogs: false,
      links: { publishers: [{ service: "order-service", events: [orderPlaced.name] }] },
    });
    receiver.start();
    const inbound = {
      secretOf: (source: string) => (source === "order-service" ? secret : undefined),
    };
    listener = await listen(serviceApp({ engine: receiver, apiKey, inbound }), { port: 0 });
    publisher = new Engine({
      store: new MemoryStore(),
      registry: { ...getRegistry(), subscriptions: new Map() },
      echoLogs: false,
      links: {
        subscribers: [{ service: "invoice-service", events: [orderPlaced.name] }],
        push: httpEventPush({
          source: "order-service",
          urlOf: () => listener.url,
          secretOf: (service) => subscriptionSecret(appSecret, "order-service", service),
        }),
      },
    });
  });

  afterAll(async () => {
    await receiver.stop();
    await listener.close();
  });

  /** Posts a push as a sender would, with the header it is given. */
  async function post(body: string, header?: string, source = "order-service") {
    const response = await fetch(`${listener.url}/_eventual/events/from/${source}`, {
      method: "POST",
      body,
      headers: {
        "content-type": "application/json",
        ...(header === undefined ? {} : { [signatureHeader]: header }),
      },
    });
    return { status: response.status, body: (await response.json()) as any };
  }

  const push = (id: string, orderId: string) =>
    JSON.stringify({
      events: [{ id, name: orderPlaced.name, event: { orderId }, publishedAt: Date.now() }],
    });

  it("carries a published event to the subscribed service, signed, without its API key", async () => {
    await publisher.publishEvents([{ name: orderPlaced.name, event: { orderId: "o-1" } }]);
    await publisher.drain();
    await waitFor(() => received.includes("o-1"));
    expect(await publisher.store.listDeadLetters()).toEqual([]);
  });

  it("refuses a forged signature, an old push replayed and a body changed after signing, storing none", async () => {
    const body = push("e-2", "o-2");
    const forged = await post(body, signPush("a guessed secret", body, Date.now()));
    const replayed = await post(body, signPush(secret, body, Date.now() - 10 * 60_000));
    const changed = await post(push("e-2", "o-666"), signPush(secret, body, Date.now()));
    const unsigned = await post(body);
    for (const [refused, reason] of [
      [forged, /does not match/],
      [replayed, /signed 600 s ago, outside the 300 s window/],
      [changed, /does not match/],
      [unsigned, /not signed/],
    ] as const) {
      expect(refused.status).toBe(401);
      expect(refused.body.error).toMatchObject({ code: "unauthorized", message: reason });
    }
    // The API key opens the control API, not the push route.
    const withKey = await fetch(`${listener.url}/_eventual/events/from/order-service`, {
      method: "POST",
      body,
      headers: { authorization: `Bearer ${apiKey}` },
    });
    expect(withKey.status).toBe(401);

    // None of them was stored: the genuine push of the same event id is stored, not a duplicate.
    await receiver.drain();
    expect(received).not.toContain("o-2");
    expect(received).not.toContain("o-666");
    const genuine = await post(body, signPush(secret, body, Date.now()));
    expect(genuine).toEqual({ status: 200, body: { events: [{ id: "e-2", status: "stored" }] } });
    const again = await post(body, signPush(secret, body, Date.now()));
    expect(again.body).toEqual({ events: [{ id: "e-2", status: "duplicate" }] });
    await waitFor(() => received.includes("o-2"));
    expect(received.filter((orderId) => orderId === "o-2")).toHaveLength(1);
  });

  it("splits a push whose body would be large into several requests", async () => {
    const requests: number[] = [];
    const push = httpEventPush({
      source: "order-service",
      urlOf: () => listener.url,
      secretOf: () => secret,
      maxBodyBytes: 700,
      fetch: async (input, init) => {
        requests.push(Buffer.byteLength(init?.body as string));
        return fetch(input, init);
      },
    });
    const events = ["a", "b", "c", "d", "e"].map((n) => ({
      id: `big-${n}`,
      name: orderPlaced.name,
      event: { orderId: `big-${n}`, note: "x".repeat(200) },
      publishedAt: Date.now(),
    }));
    expect(await push("invoice-service", events)).toEqual(events.map(() => ({ status: "stored" })));
    expect(requests.length).toBe(3);
    expect(requests.every((bytes) => bytes <= 700 + 20)).toBe(true);
  });

  it("refuses a sender with no subscription here, and a malformed push", async () => {
    const body = push("e-3", "o-3");
    const stranger = await post(body, signPush(secret, body, Date.now()), "payment-service");
    expect(stranger).toMatchObject({ status: 404, body: { error: { code: "not_found" } } });
    const empty = JSON.stringify({ events: [] });
    const malformed = await post(empty, signPush(secret, empty, Date.now()));
    expect(malformed).toMatchObject({ status: 400, body: { error: { code: "bad_request" } } });
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("the condition did not hold in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
