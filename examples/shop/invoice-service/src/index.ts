/**
 * The invoice service: bills every order the order service places, and announces each invoice
 * with an `InvoiceIssued` event, which the shipping service receives.
 */
import { activity, api, event, getServiceClient, HttpResponse, workflow } from "@eventual/core";
import type { Order } from "@my-company/order-service";
import { orderEvent } from "@my-company/order-service";
import { z } from "zod";

export const invoiceSchema = z.object({
  orderId: z.string(),
  invoiceId: z.string(),
  customer: z.string(),
  cents: z.number().int().nonnegative(),
});

export type Invoice = z.infer<typeof invoiceSchema>;

/** An order was invoiced: the shipping service ships it. */
export const invoiceEvent = event("InvoiceIssued", invoiceSchema);

/** A flat 12.50 per item; a stand-in for the price list. */
const centsPerItem = 1250;

export const priceOrder = activity("priceOrder", async (order: Order) =>
  order.items.reduce((cents, item) => cents + item.quantity * centsPerItem, 0),
);

export const invoiceOrder = workflow("invoiceOrder", async (order: Order) => {
  const invoice: Invoice = {
    orderId: order.orderId,
    invoiceId: `inv-${order.orderId}`,
    customer: order.customer,
    cents: await priceOrder(order),
  };
  await invoiceEvent.publishEvents(invoice);
  return invoice;
});

/** Each order once: the order id names the invoice's execution. */
orderEvent.onEvent("invoiceOnOrderPlaced", async (order) => {
  await invoiceOrder.startExecution({ input: order, executionName: order.orderId });
});

api.get("/invoices/:orderId", async (request) => {
  const execution = await getServiceClient().getExecution(`invoiceOrder~${request.params.orderId}`);
  return HttpResponse.json({ status: execution.status, invoice: execution.result });
});
