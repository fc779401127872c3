import { activity, api, event, HttpResponse, signal, sleepFor, workflow } from "@eventual/core";

export interface Order {
  orderId: string;
  source: string;
  amount: number;
  /** An order for a blocked address cannot be dispatched. */
  address: string;
}

interface OrderEvent {
  orderId: string;
  orderTime: string;
}

/** Published when an order has been dispatched. */
export const orderEvent = event<OrderEvent>("Order");

/** Cancels an order while it waits for its dispatch window. */
export const cancelSignal = signal<{ reason: string }>("cancel");

/** Stands in for a payment provider: charges are kept in memory. */
export const ledger = new Map<string, { source: string; amount: number; refunded: boolean }>();
export const dispatched: string[] = [];

export const chargeCreditCard = activity(
  "chargeCC",
  { timeout: 60, retry: { maxAttempts: 3 } },
  async (source: string, amount: number) => {
    const chargeId = `ch_${ledger.size + 1}`;
    ledger.set(chargeId, { source, amount, refunded: false });
    return { chargeId };
  },
);

export const dispatchOrder = activity("dispatchOrder", async (order: Order) => {
  if (order.address.includes("blocked")) throw new Error(`Cannot ship to ${order.address}`);
  dispatched.push(order.orderId);
});

export const chargeBack = activity("chargeBack", async (chargeId: string) => {
  const charge = ledger.get(chargeId);
  if (charge) charge.refunded = true;
});

/** Charges the card, waits a minute for a change of mind, then dispatches or refunds. */
export const processOrder = workflow("processOrder", async (order: Order) => {
  let cancelled: string | undefined;
  cancelSignal.onSignal(({ reason }) => {
    cancelled = reason;
  });
  const charge = await chargeCreditCard(order.source, order.amount);
  await sleepFor(1);
  if (cancelled) {
    await chargeBack(charge.chargeId);
    return { status: "cancelled", reason: cancelled };
  }
  try {
    await dispatchOrder(order);
  } catch {
    await chargeBack(charge.chargeId);
    return { status: "refunded" };
  }
  await orderEvent.publishEvents({ orderId: order.orderId, orderTime: new Date().toISOString() });
  return { status: "dispatched", chargeId: charge.chargeId };
});

export const notifications: string[] = [];
orderEvent.onEvent(async (e) => {
  notifications.push(`order ${e.orderId} dispatched at ${e.orderTime}`);
});

api.post("/order/:orderId/cancel", async (request) => {
  const { reason = "cancelled by customer" } = await request.json().catch(() => ({}));
  await cancelSignal.sendSignal({ executionId: request.params.orderId, payload: { reason } });
  return new HttpResponse(JSON.stringify({ ok: true }), { status: 200 });
});
