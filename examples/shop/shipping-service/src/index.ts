/**
 * The shipping service: ships every order the invoice service invoices. It reads the order's
 * state from the order service by name, the way one service of an app calls another.
 */
import { activity, api, getServiceClient, HttpResponse, workflow } from "@eventual/core";
import type { Invoice } from "@my-company/invoice-service";
import { invoiceEvent } from "@my-company/invoice-service";

/** Books a courier for the order; a stand-in for the carrier's API. */
export const bookCourier = activity("bookCourier", async (invoice: Invoice) => ({
  trackingId: `trk-${invoice.orderId}`,
}));

export const shipOrder = workflow("shipOrder", async (invoice: Invoice) => {
  const { trackingId } = await bookCourier(invoice);
  return { orderId: invoice.orderId, invoiceId: invoice.invoiceId, trackingId };
});

invoiceEvent.onEvent("shipOnInvoiceIssued", async (invoice) => {
  await shipOrder.startExecution({ input: invoice, executionName: invoice.orderId });
});

api.get("/shipments/:orderId", async (request) => {
  const { orderId } = request.params;
  const [shipment, order] = await Promise.all([
    getServiceClient().getExecution(`shipOrder~${orderId}`),
    // Another service of the app, by the name the app file gives it.
    getServiceClient("order-service").getExecution(`placeOrder~${orderId}`),
  ]);
  return HttpResponse.json({
    status: shipment.status,
    shipment: shipment.result,
    order: order.status,
  });
});
