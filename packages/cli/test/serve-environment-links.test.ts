import { fileURLToPath } from "node:url";
import type { TestDatabase } from "@eventual/store-postgres/test-support";
import { createTestDatabase } from "@eventual/store-postgres/test-support";
import { afterAll, describe, expect, it } from "vitest";
import type { EventualProcess } from "./support/dev-server.js";
import { freePort } from "./support/dev-server.js";
import { call } from "./support/http.js";
import { runCli } from "./support/run-cli.js";
import { apiKey, startServe } from "./support/serve-node.js";
import { waitUntil } from "./support/wait-until.js";

const shop = fileURLToPath(new URL("../../../examples/shop/", import.meta.url));
const secretVariable = "EVENTUAL_LINK_SECRET_ORDER_SERVICE_TO_INVOICE_SERVICE";

/**
 * What a deployment gives each node instead of an app file (the Service construct's subscribeTo
 * writes it): EVENTUAL_LINKS, the subscription's own secret, the subscriber's URL.
 */
describe("eventual serve of a service module linked by its environment", () => {
  const databases: TestDatabase[] = [];
  const nodes: EventualProcess[] = [];

  afterAll(async () => {
    await Promise.all(nodes.map((node) => node.stop()));
    await Promise.all(databases.map((database) => database.drop()));
  });

  it("pushes the events another service subscribes to, signed with the subscription's secret", async () => {
    const [orderDb, invoiceDb] = [await createTestDatabase(), await createTestDatabase()];
    databases.push(orderDb, invoiceDb);
    const invoicePort = await freePort();
    const links = (value: object) => JSON.stringify(value);
    const shared = { [secretVariable]: "a secret only these two services know" };
    const invoices = await startServe({
      entry: "invoice-service/src/index.ts",
      cwd: shop,
      db: invoiceDb.url,
      port: invoicePort,
      env: {
        ...shared,
        EVENTUAL_SERVICE_NAME: "invoice-service",
        EVENTUAL_LINKS: links({
          publishers: [{ service: "order-service", events: ["OrderPlaced"] }],
        }),
      },
    });
    nodes.push(invoices);
    const orders = await startServe({
      entry: "order-service/src/index.ts",
      cwd: shop,
      db: orderDb.url,
      env: {
        ...shared,
        EVENTUAL_SERVICE_NAME: "order-service",
        EVENTUAL_SERVICE_URL_INVOICE_SERVICE: invoices.url,
        EVENTUAL_LINKS: links({
          subscribers: [{ service: "invoice-service", events: ["OrderPlaced"] }],
        }),
      },
    });
    nodes.push(orders);
    expect(orders.output()).toContain('"pushesTo":["invoice-service"]');

    const order = { orderId: "o-1", customer: "ada", items: [{ sku: "tea", quantity: 3 }] };
    expect((await call(orders.url, "POST", "/orders", order)).status).toBe(202);
    const headers = { authorization: `Bearer ${apiKey}` };
    await waitUntil(async () => {
      const invoice = await call(invoices.url, "GET", "/invoices/o-1", undefined, headers);
      return invoice.body.status === "SUCCEEDED";
    }, 60_000);
    const invoice = await call(invoices.url, "GET", "/invoices/o-1", undefined, headers);
    expect(invoice.body.invoice).toMatchObject({ orderId: "o-1", cents: 3750 });
  }, 120_000);

  it("reaches another service by name with the key its environment gives for it", async () => {
    const [orderDb, shippingDb] = [await createTestDatabase(), await createTestDatabase()];
    databases.push(orderDb, shippingDb);
    const orderKey = "order-service-own-key";
    const orders = await startServe({
      entry: "order-service/src/index.ts",
      cwd: shop,
      db: orderDb.url,
      env: { EVENTUAL_API_KEY: orderKey },
    });
    nodes.push(orders);
    const shipping = await startServe({
      entry: "shipping-service/src/index.ts",
      cwd: shop,
      db: shippingDb.url,
      env: {
        EVENTUAL_SERVICE_URL_ORDER_SERVICE: orders.url,
        EVENTUAL_SERVICE_API_KEY_ORDER_SERVICE: orderKey,
      },
    });
    nodes.push(shipping);
    const order = { orderId: "o-2", customer: "bo", items: [{ sku: "pen", quantity: 1 }] };
    expect((await call(orders.url, "POST", "/orders", order)).status).toBe(202);
    const invoice = { orderId: "o-2", invoiceId: "inv-o-2", customer: "bo", cents: 1250 };
    const started = await call(
      shipping.url,
      "POST",
      "/_eventual/workflows/shipOrder/executions?wait=30",
      { input: invoice, executionName: "o-2" },
      { authorization: `Bearer ${apiKey}` },
    );
    expect(started.body.execution.status).toBe("SUCCEEDED");
    // GET /shipments/:orderId asks order-service for the order: getServiceClient("order-service").
    let shipment: unknown;
    await waitUntil(async () => {
      shipment = (await call(shipping.url, "GET", "/shipments/o-2")).body;
      return (shipment as { order?: string }).order === "SUCCEEDED";
    }, 30_000).catch((error: Error) => {
      throw new Error(
        `${error.message}: ${JSON.stringify(shipment)}\n${shipping.output().slice(-2000)}`,
      );
    });
  }, 120_000);

  it("refuses EVENTUAL_LINKS it cannot read, and a link with no secret, before serving", async () => {
    const database = await createTestDatabase();
    databases.push(database);
    const serve = (env: Record<string, string>) =>
      runCli(["serve", "order-service/src/index.ts", "--db", database.url, "--port", "0"], {
        cwd: shop,
        env: { EVENTUAL_API_KEY: apiKey, ...env },
      });
    const notJson = await serve({ EVENTUAL_LINKS: "{subscribers" });
    expect(notJson.code).toBe(2);
    expect(notJson.stderr).toContain("EVENTUAL_LINKS is not JSON");
    const wrongShape = await serve({ EVENTUAL_LINKS: '{"subscribers":[{"service":"x"}]}' });
    expect(wrongShape.code).toBe(2);
    expect(wrongShape.stderr).toContain("EVENTUAL_LINKS is invalid");
    const noSecret = await serve({
      EVENTUAL_SERVICE_NAME: "order-service",
      EVENTUAL_SERVICE_URL_INVOICE_SERVICE: "http://127.0.0.1:9",
      EVENTUAL_LINKS: '{"subscribers":[{"service":"invoice-service","events":["OrderPlaced"]}]}',
    });
    expect(noSecret.code).toBe(2);
    expect(noSecret.stderr).toContain(
      `order-service pushes events to invoice-service, signed: set EVENTUAL_APP_SECRET (the same for all the app's services) or ${secretVariable}.`,
    );
  }, 60_000);
});
