import { describe, expect, it } from "vitest";
import { App, Service } from "./app.js";
import { event } from "./event.js";

const placed = event("app-test.Placed");

describe("an app of services", () => {
  it("lists its services and what each receives from which other", () => {
    const app = new App("shop");
    const order = new Service(app, "order-service", { entry: "./order/index.ts" });
    const invoice = new Service(app, "invoice-service", { entry: "@my-company/invoice-service" });
    invoice.subscribeTo({ service: order, events: [placed, "Cancelled"] });
    invoice.subscribeTo({ service: order, events: ["Cancelled", "Shipped"] });
    expect(app.services).toEqual([order, invoice]);
    expect(invoice.entry).toBe("@my-company/invoice-service");
    expect(invoice.subscriptions).toEqual([
      { service: "order-service", events: ["app-test.Placed", "Cancelled", "Shipped"] },
    ]);
    expect(order.subscriptions).toEqual([]);
  });

  it("refuses a second service of one name, bad names, no entry, and subscriptions that go nowhere", () => {
    const app = new App();
    const order = new Service(app, "order-service", { entry: "./order.ts" });
    expect(() => new Service(app, "order-service", { entry: "./other.ts" })).toThrow(
      'The app "app" already has a service named "order-service".',
    );
    expect(() => new Service(app, "Order Service", { entry: "./x.ts" })).toThrow(
      'A service name "Order Service" is invalid',
    );
    expect(() => new Service(app, "empty", { entry: "" })).toThrow(
      'Service "empty" needs an entry',
    );
    expect(() => order.subscribeTo({ service: order, events: [placed] })).toThrow(
      'Service "order-service" cannot subscribe to itself.',
    );
    const elsewhere = new Service(new App("other"), "billing", { entry: "./b.ts" });
    expect(() => order.subscribeTo({ service: elsewhere, events: [placed] })).toThrow(
      "can subscribe only to a service of its own app",
    );
    const invoice = new Service(app, "invoice-service", { entry: "./invoice.ts" });
    expect(() => invoice.subscribeTo({ service: order, events: [] })).toThrow(
      "with no event named",
    );
  });

  it("keeps how the publisher retries pushes to a subscriber, and refuses a policy that never tries", () => {
    const app = new App();
    const order = new Service(app, "order-service", { entry: "./order.ts" });
    const invoice = new Service(app, "invoice-service", { entry: "./invoice.ts" });
    invoice.subscribeTo({ service: order, events: [placed], retry: { maxAttempts: 3 } });
    expect(invoice.subscriptions).toEqual([
      { service: "order-service", events: [placed.name], retry: { maxAttempts: 3 } },
    ]);
    expect(() =>
      invoice.subscribeTo({ service: order, events: [placed], retry: { maxAttempts: 0 } }),
    ).toThrow("retry.maxAttempts 0: use a whole number of at least 1.");
  });
});
