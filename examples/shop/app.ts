/**
 * The shop: three services and what flows between them. Each service is a package of its own;
 * this file only names them and routes their events. `eventual dev app.ts` runs all three.
 */
import { App, Service } from "@eventual/core";
import { invoiceEvent } from "@my-company/invoice-service";
import { orderEvent } from "@my-company/order-service";

export const app = new App("shop");

const orderService = new Service(app, "order-service", { entry: "@my-company/order-service" });
const invoiceService = new Service(app, "invoice-service", {
  entry: "@my-company/invoice-service",
});
const shippingService = new Service(app, "shipping-service", {
  entry: "@my-company/shipping-service",
});

invoiceService.subscribeTo({
  service: orderService,
  events: [orderEvent],
});

shippingService.subscribeTo({
  service: invoiceService,
  events: [invoiceEvent],
});
