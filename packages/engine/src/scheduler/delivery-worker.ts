import type { SerializedError } from "@eventual/core";
import { serializeError } from "@eventual/core/internal";
import { retryDelaySeconds } from "../retry.js";
import type { DeliveryRecord, Write } from "../store/store.js";
import type { EngineContext } from "./engine-context.js";

/**
 * Claims event deliveries and runs each subscriber. A delivery that throws is retried with the
 * subscription's backoff; after its last attempt it is kept as a dead letter to list and redrive.
 */
export class DeliveryWorker {
  constructor(private readonly context: EngineContext) {}

  async runOnce(limit = 200): Promise<number> {
    const { store, clock, owner, leaseMs } = this.context;
    const deliveries = await store.claimDeliveries({ owner, now: clock.now(), leaseMs, limit });
    await Promise.all(deliveries.map((delivery) => this.#deliver(delivery)));
    return deliveries.length;
  }

  async #deliver(delivery: DeliveryRecord): Promise<void> {
    const subscription = this.context.registry.subscriptions.get(delivery.subscription);
    let write: Write;
    let outcome: "delivered" | "retrying" | "dead";
    try {
      if (!subscription)
        throw new Error(`Subscription "${delivery.subscription}" is not declared by this service.`);
      await subscription.handler(delivery.event);
      write = { type: "completeDelivery", id: delivery.id };
      outcome = "delivered";
    } catch (thrown) {
      const error: SerializedError = serializeError(thrown);
      const delay = subscription
        ? retryDelaySeconds(subscription.retry, delivery.attempt)
        : undefined;
      if (delay === undefined) {
        write = { type: "deadLetterDelivery", id: delivery.id, error };
        outcome = "dead";
      } else {
        write = {
          type: "retryDelivery",
          id: delivery.id,
          availableAt: this.context.clock.now() + delay * 1000,
          error,
        };
        outcome = "retrying";
      }
    }
    await this.context.committer.submit([write]);
    this.context.emit("deliveryCompleted", {
      subscription: delivery.subscription,
      eventName: delivery.eventName,
      attempt: delivery.attempt,
      outcome,
    });
  }
}
