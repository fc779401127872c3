import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import type { TestDatabase } from "@eventual/store-postgres/test-support";
import { createTestDatabase } from "@eventual/store-postgres/test-support";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import type { EventualProcess } from "./support/dev-server.js";
import { freePort } from "./support/dev-server.js";
import { call } from "./support/http.js";
import { jsonOf, runCli } from "./support/run-cli.js";
import { apiKey, logLines, startServe } from "./support/serve-node.js";
import { waitUntil } from "./support/wait-until.js";

/** The example app: order-service → invoice-service → shipping-service. */
const shopDir = fileURLToPath(new URL("../../../examples/shop/", import.meta.url));
/** The same services, but order-service gives up pushing to invoice-service after 3 quick tries. */
const shortRetryDir = fileURLToPath(new URL("./fixtures/shop-short-retry/", import.meta.url));

const appSecret = `app-secret-${randomBytes(12).toString("hex")}`;
const headers = { authorization: `Bearer ${apiKey}` };
const urlOf = (port: number) => `http://127.0.0.1:${port}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What every test started, stopped after the file's tests whatever became of them. */
const nodes: EventualProcess[] = [];
const databases: ServiceDatabase[] = [];

afterAll(async () => {
  await Promise.all(nodes.map((node) => node.stop()));
  await Promise.all(databases.map((database) => database.close()));
});

/** A fresh PostgreSQL database for one service, and a connection the test reads it through. */
interface ServiceDatabase {
  url: string;
  rows<T = Record<string, unknown>>(text: string, values?: unknown[]): Promise<T[]>;
  count(text: string, values?: unknown[]): Promise<number>;
  close(): Promise<void>;
}

async function serviceDatabase(): Promise<ServiceDatabase> {
  const test: TestDatabase = await createTestDatabase();
  const client = new pg.Client(test.url);
  await client.connect();
  const rows = async <T>(text: string, values: unknown[] = []) =>
    (await client.query(text, values)).rows as T[];
  const database: ServiceDatabase = {
    url: test.url,
    rows,
    count: async (text, values) =>
      Number((await rows<{ count: string }>(text, values))[0]?.count ?? 0),
    close: async () => {
      await client.end();
      await test.drop();
    },
  };
  databases.push(database);
  return database;
}

/** Counts a service's executions of `workflow` that succeeded. */
const succeeded = (database: ServiceDatabase, workflow: string) =>
  database.count(
    "SELECT count(*) FROM eventual_executions WHERE workflow_name = $1 AND status = 'SUCCEEDED'",
    [workflow],
  );

/** Counts, by source, the events a service received, and their distinct ids. */
const receivedBySource = (database: ServiceDatabase) =>
  database.rows(
    "SELECT source, count(*)::int AS events, count(DISTINCT event_id)::int AS ids FROM eventual_received_events GROUP BY source ORDER BY source",
  );

/** Counts a service's executions by workflow and status. */
const executionsByStatus = (database: ServiceDatabase) =>
  database.rows(
    "SELECT workflow_name AS workflow, status, count(*)::int AS executions FROM eventual_executions GROUP BY workflow_name, status ORDER BY workflow_name, status",
  );

/** `eventual serve app.ts --service <service>` on `port`, given the other services' URLs. */
async function serveService(options: {
  cwd: string;
  service: string;
  database: ServiceDatabase;
  port: number;
  urls: Record<string, string>;
}): Promise<EventualProcess> {
  const serviceUrls = Object.entries(options.urls).flatMap(([name, url]) => [
    "--service-url",
    `${name}=${url}`,
  ]);
  const node = await startServe({
    entry: "app.ts",
    cwd: options.cwd,
    db: options.database.url,
    name: options.service,
    port: options.port,
    // A short lease: the work a killed node held is taken up again seconds after it restarts.
    args: ["--service", options.service, "--lease", "5", ...serviceUrls],
    env: { EVENTUAL_APP_SECRET: appSecret },
  });
  nodes.push(node);
  return node;
}

const orderOf = (orderId: string, n: number) => ({
  orderId,
  customer: `customer-${n % 17}`,
  items: [
    { sku: `sku-${n % 5}`, quantity: (n % 3) + 1 },
    { sku: "gift-wrap", quantity: 1 },
  ],
});

/** Polls `condition` every half second (the databases are queried, not hammered) until it holds. */
async function pollUntil(
  condition: () => Promise<boolean>,
  ms: number,
  message: () => Promise<string>,
): Promise<void> {
  try {
    await waitUntil(async () => {
      if (await condition()) return true;
      await sleep(500);
      return false;
    }, ms);
  } catch {
    throw new Error(await message());
  }
}

/** The last lines a node logged, for a failure's message. */
const tail = (node: EventualProcess, lines = 15) =>
  node.output().trimEnd().split("\n").slice(-lines).join("\n");

const deadLettersOf = async (node: EventualProcess) =>
  (await call(node.url, "GET", "/_eventual/dead-letters", undefined, headers)).body;

describe("the shop app, each service in its own eventual serve process", () => {
  it("three services in three eventual serve processes: every order invoiced and shipped once, across a SIGKILL of the invoice service", async () => {
    const orders = 1000;
    const clients = 20;
    const killAfter = 300;
    const orderIds = Array.from({ length: orders }, (_, n) => `o-${String(n).padStart(4, "0")}`);

    const [orderDb, invoiceDb, shippingDb] = await Promise.all([
      serviceDatabase(),
      serviceDatabase(),
      serviceDatabase(),
    ]);
    const [orderPort, invoicePort, shippingPort] = [
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    const all = {
      "order-service": urlOf(orderPort),
      "invoice-service": urlOf(invoicePort),
      "shipping-service": urlOf(shippingPort),
    };
    const others = (self: keyof typeof all) =>
      Object.fromEntries(Object.entries(all).filter(([name]) => name !== self));
    const startInvoice = () =>
      serveService({
        cwd: shopDir,
        service: "invoice-service",
        database: invoiceDb,
        port: invoicePort,
        urls: others("invoice-service"),
      });

    // Subscribers first, so that the first pushes find them.
    const shipping = await serveService({
      cwd: shopDir,
      service: "shipping-service",
      database: shippingDb,
      port: shippingPort,
      urls: others("shipping-service"),
    });
    let invoice = await startInvoice();
    const order = await serveService({
      cwd: shopDir,
      service: "order-service",
      database: orderDb,
      port: orderPort,
      urls: others("order-service"),
    });

    let placed = 0;
    const placing = Promise.all(
      Array.from({ length: clients }, async (_, client) => {
        for (let n = client; n < orders; n += clients) {
          const orderId = orderIds[n]!;
          const response = await call(order.url, "POST", "/orders", orderOf(orderId, n));
          expect(response, orderId).toMatchObject({ status: 202, body: { orderId } });
          placed++;
        }
      }),
    );
    placing.catch(() => {}); // awaited below; a failure must not surface as unhandled meanwhile

    await waitUntil(() => placed >= killAfter, 180_000, "the first orders were not placed");
    await invoice.crash();
    const placedAtKill = placed;
    const receivedAtKill = await invoiceDb.count("SELECT count(*) FROM eventual_received_events");
    invoice = await startInvoice();
    await placing;
    expect(placed).toBe(orders);

    const progress = async () => {
      const counts = {
        placeOrder: await succeeded(orderDb, "placeOrder"),
        invoiceReceived: await invoiceDb.count("SELECT count(*) FROM eventual_received_events"),
        invoiceOrder: await succeeded(invoiceDb, "invoiceOrder"),
        shippingReceived: await shippingDb.count("SELECT count(*) FROM eventual_received_events"),
        shipOrder: await succeeded(shippingDb, "shipOrder"),
        outboxes: await Promise.all(
          [orderDb, invoiceDb, shippingDb].map((db) =>
            db.count("SELECT count(*) FROM eventual_deliveries"),
          ),
        ),
      };
      return `not every order went through: ${JSON.stringify(counts)}\n--- order-service:\n${tail(order)}\n--- invoice-service:\n${tail(invoice)}\n--- shipping-service:\n${tail(shipping)}`;
    };
    await pollUntil(
      async () =>
        (await succeeded(shippingDb, "shipOrder")) === orders &&
        (await succeeded(invoiceDb, "invoiceOrder")) === orders &&
        (await succeeded(orderDb, "placeOrder")) === orders,
      600_000,
      progress,
    );

    // Every event received exactly once, from the one service that publishes to each.
    expect(await receivedBySource(invoiceDb)).toEqual([
      { source: "order-service", events: orders, ids: orders },
    ]);
    expect(await receivedBySource(shippingDb)).toEqual([
      { source: "invoice-service", events: orders, ids: orders },
    ]);
    // One execution per order in each service, all succeeded: none lost, none duplicated.
    expect(await executionsByStatus(orderDb)).toEqual([
      { workflow: "placeOrder", status: "SUCCEEDED", executions: orders },
    ]);
    expect(await executionsByStatus(invoiceDb)).toEqual([
      { workflow: "invoiceOrder", status: "SUCCEEDED", executions: orders },
    ]);
    expect(await executionsByStatus(shippingDb)).toEqual([
      { workflow: "shipOrder", status: "SUCCEEDED", executions: orders },
    ]);
    const shipped = await shippingDb.rows<{ id: string }>(
      "SELECT id FROM eventual_executions ORDER BY id",
    );
    expect(shipped.map((row) => row.id)).toEqual(orderIds.map((id) => `shipOrder~${id}`));
    const [sample] = await shippingDb.rows<{ result: string }>(
      "SELECT result FROM eventual_executions WHERE id = $1",
      [`shipOrder~${orderIds[1]}`],
    );
    expect(JSON.parse(sample!.result)).toEqual({
      orderId: orderIds[1],
      invoiceId: `inv-${orderIds[1]}`,
      trackingId: `trk-${orderIds[1]}`,
    });

    // Nothing given up on: no dead letters at either publisher (nor at shipping).
    for (const node of [order, invoice, shipping]) {
      expect(await deadLettersOf(node)).toEqual({ deadLetters: [] });
    }
    // And the outboxes drain: every delivery is completed, none left pending.
    await pollUntil(
      async () =>
        (await orderDb.count("SELECT count(*) FROM eventual_deliveries")) === 0 &&
        (await invoiceDb.count("SELECT count(*) FROM eventual_deliveries")) === 0 &&
        (await shippingDb.count("SELECT count(*) FROM eventual_deliveries")) === 0,
      120_000,
      progress,
    );
    const retried = (node: EventualProcess) =>
      logLines(node).filter((line) => line.msg === "delivery failed; retrying").length;
    console.log(
      `invoice-service killed after ${placedAtKill} of ${orders} orders were placed, ${receivedAtKill} received; pushes retried: ${retried(order)} by order-service, ${retried(invoice)} by the restarted invoice-service`,
    );
  }, 900_000);

  it("dead letters and redrive: order-service's pushes to an absent invoice-service are dead-lettered, then redriven once each", async () => {
    const orders = Array.from({ length: 5 }, (_, n) => orderOf(`dl-${n}`, n));
    const [orderDb, invoiceDb] = await Promise.all([serviceDatabase(), serviceDatabase()]);
    // Nothing listens on either yet; invoice-service starts on the first, shipping-service never.
    const invoicePort = await freePort();
    const shippingPort = await freePort();
    const order = await serveService({
      cwd: shortRetryDir,
      service: "order-service",
      database: orderDb,
      port: await freePort(),
      urls: { "invoice-service": urlOf(invoicePort) },
    });

    const cli = (...args: string[]) =>
      runCli([...args, "--service", "order-service"], {
        cwd: shortRetryDir,
        env: { EVENTUAL_SERVICE_URL_ORDER_SERVICE: order.url, EVENTUAL_API_KEY: apiKey },
      });

    for (const placed of orders) {
      expect(await call(order.url, "POST", "/orders", placed)).toMatchObject({ status: 202 });
    }

    interface DeadLetterJson {
      id: string;
      subscription: string;
      eventName: string;
      event: { orderId: string };
      attempts: number;
      error?: { name: string; message: string };
      publishedAt: string;
      executionId?: string;
    }
    let dead: DeadLetterJson[] = [];
    await pollUntil(
      async () => {
        const listed = await cli("list", "dead-letters", "--json");
        expect(listed, listed.stderr).toMatchObject({ code: 0, stderr: "" });
        dead = jsonOf(listed).deadLetters;
        return dead.length >= orders.length;
      },
      120_000,
      async () => `not every order became a dead letter: ${JSON.stringify(dead)}\n${tail(order)}`,
    );
    dead.sort((a, b) => a.event.orderId.localeCompare(b.event.orderId));
    expect(dead).toEqual(
      orders.map((placed) => ({
        id: expect.any(String),
        subscription: "service:invoice-service",
        eventName: "OrderPlaced",
        event: placed,
        attempts: 3,
        // Why, and where it was going: what an operator reads first.
        error: {
          name: "Error",
          message: `invoice-service at ${urlOf(invoicePort)} is unreachable: ECONNREFUSED`,
        },
        publishedAt: expect.any(String),
        executionId: `placeOrder~${placed.orderId}`,
      })),
    );
    expect(new Set(dead.map((letter) => letter.id)).size).toBe(orders.length);
    // Given up on: nothing reached invoice-service, and its events wait only as dead letters.
    expect(await orderDb.count("SELECT count(*) FROM eventual_deliveries WHERE NOT dead")).toBe(0);

    await serveService({
      cwd: shortRetryDir,
      service: "invoice-service",
      database: invoiceDb,
      port: invoicePort,
      urls: { "shipping-service": urlOf(shippingPort) },
    });
    for (const letter of dead) {
      expect(await cli("redrive", letter.id)).toEqual({
        code: 0,
        stdout: `Redriven ${letter.id}\n`,
        stderr: "",
      });
    }

    await pollUntil(
      async () =>
        (await succeeded(invoiceDb, "invoiceOrder")) === orders.length &&
        (await orderDb.count("SELECT count(*) FROM eventual_deliveries")) === 0,
      120_000,
      async () =>
        `the redriven orders were not invoiced: ${JSON.stringify(await executionsByStatus(invoiceDb))}, ${await orderDb.count("SELECT count(*) FROM eventual_deliveries")} deliveries left\n${tail(order)}`,
    );
    const received = async () =>
      invoiceDb.rows<{ source: string; event_id: string }>(
        "SELECT source, event_id FROM eventual_received_events ORDER BY event_id",
      );
    // Each dead letter received once, under its own id (the delivery's, kept across the redrive).
    const expected = dead
      .map((letter) => ({ source: "order-service", event_id: letter.id }))
      .sort((a, b) => (a.event_id < b.event_id ? -1 : a.event_id > b.event_id ? 1 : 0));
    expect(await received()).toEqual(expected);
    expect(jsonOf(await cli("list", "dead-letters", "--json"))).toEqual({ deadLetters: [] });

    // A redriven dead letter is no longer one: redriving it again is refused, and sends nothing.
    const again = dead[0]!;
    expect(await cli("redrive", again.id)).toEqual({
      code: 1,
      stdout: "",
      stderr: `eventual: Dead letter "${again.id}" does not exist.\n`,
    });
    await sleep(2000);
    expect(await received()).toEqual(expected);
    expect(await executionsByStatus(invoiceDb)).toEqual([
      { workflow: "invoiceOrder", status: "SUCCEEDED", executions: orders.length },
    ]);
    expect(await orderDb.count("SELECT count(*) FROM eventual_deliveries")).toBe(0);
  }, 300_000);
});
