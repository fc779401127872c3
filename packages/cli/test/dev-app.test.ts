import { appendFileSync, cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EventualProcess } from "./support/dev-server.js";
import { freePort, runEventual } from "./support/dev-server.js";
import { call } from "./support/http.js";

const fixtures = fileURLToPath(new URL("./fixtures/", import.meta.url));

describe("eventual dev of an app file", () => {
  // A copy of the app inside the repository, so that its imports resolve as the original's.
  const shop = mkdtempSync(join(fixtures, ".scratch-shop-"));
  cpSync(join(fixtures, "shop"), shop, { recursive: true });
  // The order service as a package the app and the invoice service import, as a workspace links it.
  mkdirSync(join(shop, "node_modules/@my-company"), { recursive: true });
  symlinkSync("../../order-service", join(shop, "node_modules/@my-company/order-service"));
  const data = mkdtempSync(join(tmpdir(), "eventual-app-"));
  const invoiceFile = join(shop, "invoice-service/src/index.ts");
  let dev: Omit<EventualProcess, "url">;
  let order: string;
  let invoice: string;

  beforeAll(async () => {
    const port = await freePort();
    // Two services on consecutive ports: the first free port may have a busy neighbour.
    dev = runEventual(["dev", "app.ts", "--port", String(port), "--data", data], { cwd: shop });
    order = `http://127.0.0.1:${port}`;
    invoice = `http://127.0.0.1:${port + 1}`;
    await dev.waitForOutput(/(eventual dev [\s\S]*subscriptions[\s\S]*){2}/, 60_000);
  });

  afterAll(async () => {
    await dev?.stop();
    rmSync(shop, { recursive: true, force: true });
    rmSync(data, { recursive: true, force: true });
  });

  it("runs each service on its own port, each with only what its own files declare", async () => {
    expect(dev.output()).toContain(
      `app shop: 2 services\n  order-service  ${order}\n  invoice-service  ${invoice}\n`,
    );
    const [orders, invoices] = await Promise.all([
      call(order, "GET", "/_eventual/service"),
      call(invoice, "GET", "/_eventual/service"),
    ]);
    expect(names(orders.body.workflows)).toEqual(["placeOrder"]);
    expect(names(orders.body.activities)).toEqual(["priceOrder"]);
    expect(names(orders.body.subscriptions)).toEqual(["auditOrder"]);
    expect(orders.body.routes).toEqual([{ method: "POST", path: "/orders" }]);
    // The invoice service imports the order service's module for its event, and nothing else.
    expect(names(invoices.body.workflows)).toEqual(["invoiceOrder"]);
    expect(invoices.body.activities).toEqual([]);
    expect(names(invoices.body.subscriptions)).toEqual(["invoiceOnOrder"]);
    expect(invoices.body.routes).toEqual([{ method: "GET", path: "/invoices/:orderId" }]);
    expect(names(invoices.body.events)).toEqual(["Order"]);
    expect((await call(invoice, "POST", "/orders", {})).status).toBe(404);
  });

  it("keeps each service's data apart, and restarts only the service whose code changed", async () => {
    const started = await call(
      order,
      "POST",
      "/_eventual/workflows/placeOrder/executions?wait=30",
      {
        input: { orderId: "o-1", amount: 1.5 },
      },
    );
    expect(started.body.execution).toMatchObject({ status: "SUCCEEDED", result: { cents: 150 } });
    const invoiceExecutions = await call(invoice, "GET", "/_eventual/executions");
    expect(invoiceExecutions.body.executions).toEqual([]);

    const banners = (name: string) => dev.output().split(`eventual dev ${name}`).length - 1;
    appendFileSync(invoiceFile, "\nexport const edited = true;\n");
    await dev.waitForOutput(/invoice-service\/src\/index\.ts changed; restarting the service\./);
    await dev.waitForOutput(/(eventual dev invoice-service[\s\S]*subscriptions[\s\S]*){2}/, 60_000);
    expect(banners("invoice-service")).toBe(2);
    expect(banners("order-service")).toBe(1);
  });
});

const names = (items: { name: string }[]) => items.map((item) => item.name);
