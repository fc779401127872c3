import { ExecutionStatus } from "@eventual/core";
import { getRegistry, installServiceRuntime } from "@eventual/core/internal";
import { Engine, MemoryStore } from "@eventual/engine";
import { userRoutes } from "@eventual/server";
import { notifications, processOrder } from "./index.js";

/**
 * Runs the order service in this process on the real clock: three orders, one cancelled through
 * the service's own API route while it waits, one that cannot be shipped and is refunded.
 */
const engine = new Engine({ store: new MemoryStore() });
installServiceRuntime(engine);
engine.start();
const routes = userRoutes(getRegistry().routes);

const orders = [
  { orderId: "o-1", source: "card_visa", amount: 42, address: "1 Main St" },
  { orderId: "o-2", source: "card_amex", amount: 7, address: "2 Side St" },
  { orderId: "o-3", source: "card_visa", amount: 99, address: "blocked road" },
];
const handles = await Promise.all(
  orders.map((input) => processOrder.startExecution({ input, executionName: input.orderId })),
);
const cancel = await routes.fetch(
  new Request(`http://localhost/order/${handles[1]!.executionId}/cancel`, {
    method: "POST",
    body: JSON.stringify({ reason: "changed my mind" }),
  }),
);
console.log(`POST /order/${handles[1]!.executionId}/cancel → ${cancel.status}`);

for (const handle of handles) {
  let execution = await handle.getStatus();
  while (execution.status === ExecutionStatus.IN_PROGRESS) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    execution = await handle.getStatus();
  }
  const steps = (await engine.getHistory(handle.executionId)).map((e) => e.type);
  console.log(`${execution.id}: ${execution.status} ${JSON.stringify(execution.result)}`);
  console.log(`  history: ${steps.join(" → ")}`);
}
console.log(notifications.join("\n"));
await engine.stop();
