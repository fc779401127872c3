/**
 * The order service: takes orders over its API and announces each with an `OrderPlaced` event,
 * which the invoice service receives.
 */
import { activity, api, event, getServiceClient, HttpResponse, workflow } from "@eventual/core";
import { z } from "zod";

export const orderSchema = z.object({
  orderId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  customer: z.string().min(1),
  items: z
    .array(z.object({ sku: z.string().min(1), quantity: z.number().int().positive() }))
    .min(1),
});

export type Order = z.infer<typeof orderSchema>;

/** An order was placed: the invoice service bills it. */
export const orderEvent = event("OrderPlaced", orderSchema);

/** Holds the stock of each item; a stand-in for the warehouse's system. */
export const reserveStock = activity("reserveStock", async (order: Order) => ({
  reserved: order.items.reduce((count, item) => count + item.quantity, 0),
}));

export const placeOrder = workflow("placeOrder", async (order: Order) => {
  const { reserved } = await reserveStock(order);
  await orderEvent.publishEvents(order);
  return { orderId: order.orderId, reserved };
});

api.post("/orders", async (request) => {
  const parsed = orderSchema.safeParse(await request.json().catch(() => undefined));
  if (!parsed.success) {
    return HttpResponse.json({ error: z.prettifyError(parsed.error) }, { status: 400 });
  }
  // The order id names the execution: placing the same order twice places it once.
  const { executionId } = await placeOrder.startExecution({
    input: parsed.data,
    executionName: parsed.data.orderId,
  });
  return HttpResponse.json({ orderId: parsed.data.orderId, executionId }, { status: 202 });
});

api.get("/orders/:orderId", async (request) => {
  const execution = await getServiceClient().getExecution(`placeOrder~${request.params.orderId}`);
  return HttpResponse.json({ orderId: request.params.orderId, status: execution.status });
});
