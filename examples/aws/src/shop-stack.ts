import { createRequire } from "node:module";
import { Service } from "@eventual/aws-cdk";
import { invoiceEvent } from "@my-company/invoice-service";
import { orderEvent } from "@my-company/order-service";
import type { StackProps } from "aws-cdk-lib";
import { Stack } from "aws-cdk-lib";
import type { Construct } from "constructs";

const require = createRequire(import.meta.url);

/** The shop's three services, each deployed with its own nodes, database and HTTP API. */
export class ShopStack extends Stack {
  readonly orders: Service;
  readonly invoices: Service;
  readonly shipping: Service;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.orders = new Service(this, "order-service", {
      entry: require.resolve("@my-company/order-service"),
    });
    this.invoices = new Service(this, "invoice-service", {
      entry: require.resolve("@my-company/invoice-service"),
      vpc: this.orders.vpc,
    });
    this.shipping = new Service(this, "shipping-service", {
      entry: require.resolve("@my-company/shipping-service"),
      vpc: this.orders.vpc,
    });
    // The routes of examples/shop/app.ts, between the deployed services.
    this.invoices.subscribeTo({ service: this.orders, events: [orderEvent] });
    this.shipping.subscribeTo({ service: this.invoices, events: [invoiceEvent] });
    // The shipping service reads an order's state with getServiceClient("order-service").
    this.orders.grantCall(this.shipping);
  }
}
