import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { jsonOf, runCli } from "./support/run-cli.js";

const shop = fileURLToPath(new URL("../../../examples/shop/", import.meta.url));
const names = (items: { name: string }[]) => items.map((item) => item.name);

describe("eventual describe", () => {
  it("prints what a service package declares, without the service packages it imports", async () => {
    // The shipping service imports the invoice service's package, which imports the order service's.
    const described = jsonOf(
      await runCli(["describe", "shipping-service/src/index.ts"], { cwd: shop }),
    );
    expect(described).toMatchObject({
      name: "@my-company/shipping-service",
      routes: [{ method: "GET", path: "/shipments/:orderId" }],
    });
    expect(names(described.workflows)).toEqual(["shipOrder"]);
    expect(names(described.subscriptions)).toEqual(["shipOnInvoiceIssued"]);
    // Events stay: they are names and schemas the service's own code receives.
    expect(names(described.events)).toEqual(["OrderPlaced", "InvoiceIssued"]);
  });

  it("describes one service of an app file, named by --service", async () => {
    const described = jsonOf(
      await runCli(["describe", "app.ts", "--service", "invoice-service"], { cwd: shop }),
    );
    expect(described.name).toBe("invoice-service");
    expect(described.routes).toEqual([{ method: "GET", path: "/invoices/:orderId" }]);
    const unnamed = await runCli(["describe", "app.ts"], { cwd: shop });
    expect(unnamed.code).toBe(2);
    expect(unnamed.stderr).toContain(
      "is an app file: pick its service with --service (order-service, invoice-service, shipping-service).",
    );
    const unknown = await runCli(["describe", "app.ts", "--service", "billing"], { cwd: shop });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('The app shop has no service "billing"');
  });
});
