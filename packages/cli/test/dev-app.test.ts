import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EventualProcess } from "./support/dev-server.js";
import { freePort, runEventual } from "./support/dev-server.js";
import { call } from "./support/http.js";
import { jsonOf, runCli } from "./support/run-cli.js";
import { waitUntil } from "./support/wait-until.js";

const example = fileURLToPath(new URL("../../../examples/shop/", import.meta.url));
const fixtures = fileURLToPath(new URL("./fixtures/", import.meta.url));
const services = ["order-service", "invoice-service", "shipping-service"];

describe("eventual dev of the shop's app file", () => {
  // A copy inside the repository, so that its imports resolve as the original's, with the
  // services linked as the workspace links them: edits to the copy restart the copy.
  const shop = mkdtempSync(join(fixtures, ".scratch-shop-"));
  cpSync(example, shop, { recursive: true, filter: (path) => !path.includes(".eventual") });
  mkdirSync(join(shop, "node_modules/@my-company"), { recursive: true });
  for (const service of services) {
    symlinkSync(`../../${service}`, join(shop, "node_modules/@my-company", service));
  }
  // Named as eventual dev's default, so that the CLI run in its parent finds the services there.
  const home = mkdtempSync(join(tmpdir(), "eventual-app-"));
  const data = join(home, ".eventual");
  let dev: Omit<EventualProcess, "url">;
  let order: string;
  let invoice: string;
  let shipping: string;

  beforeAll(async () => {
    const port = await freePort();
    // Three services on consecutive ports: the first free port may have a busy neighbour.
    dev = runEventual(["dev", "app.ts", "--port", String(port), "--data", data], { cwd: shop });
    const url = (n: number) => `http://127.0.0.1:${port + n}`;
    [order, invoice, shipping] = [url(0), url(1), url(2)];
    await dev.waitForOutput(/(eventual dev [\s\S]*subscriptions[\s\S]*){3}/, 60_000);
  });

  afterAll(async () => {
    await dev?.stop();
    rmSync(shop, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  });

  it("prints each service's URL and what flows between them", () => {
    expect(dev.output()).toContain(
      [
        "app shop: 3 services",
        `  order-service  ${order}`,
        `  invoice-service  ${invoice}`,
        `  shipping-service  ${shipping}`,
        "  order-service → invoice-service: OrderPlaced",
        "  invoice-service → shipping-service: InvoiceIssued",
      ].join("\n"),
    );
  });

  it("runs in each service only what its own package declares", async () => {
    const [orders, invoices, shipments] = await Promise.all(
      [order, invoice, shipping].map(
        async (url) => (await call(url, "GET", "/_eventual/service")).body,
      ),
    );
    expect(names(orders.workflows)).toEqual(["placeOrder"]);
    expect(names(orders.subscriptions)).toEqual([]);
    expect(orders.routes).toEqual([
      { method: "POST", path: "/orders" },
      { method: "GET", path: "/orders/:orderId" },
    ]);
    // The invoice service imports the order service's package for its event, and nothing else.
    expect(names(invoices.workflows)).toEqual(["invoiceOrder"]);
    expect(names(invoices.activities)).toEqual(["priceOrder"]);
    expect(names(invoices.subscriptions)).toEqual(["invoiceOnOrderPlaced"]);
    expect(invoices.routes).toEqual([{ method: "GET", path: "/invoices/:orderId" }]);
    expect(names(invoices.events)).toEqual(["OrderPlaced", "InvoiceIssued"]);
    // The shipping service imports the invoice service's, which imports the order service's.
    expect(names(shipments.workflows)).toEqual(["shipOrder"]);
    expect(names(shipments.activities)).toEqual(["bookCourier"]);
    expect(names(shipments.subscriptions)).toEqual(["shipOnInvoiceIssued"]);
    expect((await call(invoice, "POST", "/orders", {})).status).toBe(404);
  });

  it("follows one order through all three services, each receiving its event once", async () => {
    const placed = await call(order, "POST", "/orders", {
      orderId: "o-1",
      customer: "ada",
      items: [{ sku: "tea", quantity: 2 }],
    });
    expect(placed.status).toBe(202);
    let shipment: unknown;
    await waitUntil(async () => {
      shipment = (await call(shipping, "GET", "/shipments/o-1")).body;
      return (shipment as { status?: string }).status === "SUCCEEDED";
    });
    expect(shipment).toEqual({
      status: "SUCCEEDED",
      shipment: { orderId: "o-1", invoiceId: "inv-o-1", trackingId: "trk-o-1" },
      // Read from the order service by name, with getServiceClient("order-service").
      order: "SUCCEEDED",
    });
    const invoiced = await call(invoice, "GET", "/invoices/o-1");
    expect(invoiced.body.invoice).toMatchObject({ customer: "ada", cents: 2500 });
    // The CLI reaches each service by its name in the app, as eventual dev recorded it.
    const listed = await runCli(["list", "executions", "--service", "shipping-service", "--json"], {
      cwd: home,
    });
    expect(jsonOf(listed).executions.map((e: { id: string }) => e.id)).toEqual(["shipOrder~o-1"]);
  });

  it("keeps each service's data apart, and restarts only the service whose code changed", async () => {
    const banners = (name: string) => dev.output().split(`eventual dev ${name}`).length - 1;
    const before = services.map(banners);
    appendFileSync(join(shop, "invoice-service/src/index.ts"), "\nexport const edited = true;\n");
    await dev.waitForOutput(/invoice-service\/src\/index\.ts changed; restarting the service\./);
    await dev.waitForOutput(
      new RegExp(
        `(eventual dev invoice-service[\\s\\S]*subscriptions[\\s\\S]*){${before[1]! + 1}}`,
      ),
      60_000,
    );
    expect(services.map(banners)).toEqual([before[0], before[1]! + 1, before[2]]);
  });
});

const names = (items: { name: string }[]) => items.map((item) => item.name);
