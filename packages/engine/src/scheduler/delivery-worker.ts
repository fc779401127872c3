import type { RetryPolicy } from "@eventual/core";
import { serializeError } from "@eventual/core/internal";
import { codeScope } from "../code-scope.js";
import { defaultPushRetry, pushTarget } from "../links/service-links.js";
import { CapturedLogs } from "../logs/captured-logs.js";
import { failureOf } from "../own-stack.js";
import { retryDelaySeconds } from "../retry.js";
import type { DeliveryRecord, Write } from "../store/store.js";
import type { EngineContext } from "./engine-context.js";
import { InFlight } from "./in-flight.js";

/**
 * Claims event deliveries and runs each subscriber. A delivery that throws is retried with the
 * subscription's backoff; after its last attempt it is kept as a dead letter to list and redrive.
 */
export class DeliveryWorker {
  readonly running: InFlight<string>;

  constructor(
    private readonly context: EngineContext,
    capacity = 200,
  ) {
    this.running = new InFlight(capacity, context.wake, {
      onError: (error) => context.reportError(error, "running deliveries"),
    });
  }

  /** Claims as many due deliveries as there is room for and starts them; resolves with what started. */
  dispatch(limit = this.running.capacity): Promise<Promise<void>[]> {
    const { store, clock, owner, leaseMs } = this.context;
    return this.running.dispatch(
      limit,
      (room) => store.claimDeliveries({ owner, now: clock.now(), leaseMs, limit: room }),
      (delivery) => delivery.id,
      (delivery) => this.#deliver(delivery),
    );
  }

  async #deliver(delivery: DeliveryRecord): Promise<void> {
    const target = pushTarget(delivery.subscription);
    const { run, retry } =
      target === undefined ? this.#handler(delivery) : this.#push(target, delivery);
    const logs = new CapturedLogs(
      this.context,
      `subscription ${delivery.subscription}`,
      delivery.executionId,
    );
    let write: Write;
    let outcome: "delivered" | "retrying" | "dead";
    try {
      await codeScope.run({ logs }, run);
      write = { type: "completeDelivery", id: delivery.id };
      outcome = "delivered";
    } catch (thrown) {
      // Where the subscriber threw; a push to another service fails in the engine's own code.
      const failure = target === undefined ? failureOf(thrown) : { error: serializeError(thrown) };
      const delay = retry && retryDelaySeconds(retry, delivery.attempt);
      if (delay === undefined) {
        write = { type: "deadLetterDelivery", id: delivery.id, ...failure };
        outcome = "dead";
      } else {
        write = {
          type: "retryDelivery",
          id: delivery.id,
          availableAt: this.context.clock.now() + delay * 1000,
          ...failure,
        };
        outcome = "retrying";
      }
    }
    await this.context.committer.submit([write, ...logs.writes()]);
    if (write.type === "retryDelivery") this.context.wake(); // its next attempt moves the wake-up
    this.context.emit("deliveryCompleted", {
      subscription: delivery.subscription,
      eventName: delivery.eventName,
      attempt: delivery.attempt,
      outcome,
      deliveryId: delivery.id,
      event: delivery.event,
      ...("error" in write ? { error: write.error } : {}),
      ...(write.type === "retryDelivery" ? { retryAt: write.availableAt } : {}),
      ...(delivery.executionId === undefined ? {} : { executionId: delivery.executionId }),
    });
  }

  /** Runs this service's own subscriber, retried as it declares. */
  #handler(delivery: DeliveryRecord): Attempt {
    const subscription = this.context.registry.subscriptions.get(delivery.subscription);
    if (!subscription) {
      return {
        run: async () => {
          throw new Error(
            `Subscription "${delivery.subscription}" is not declared by this service.`,
          );
        },
      };
    }
    return { run: async () => subscription.handler(delivery.event), retry: subscription.retry };
  }

  /** Pushes the event to another service (the outbox's send), retried as its subscription says. */
  #push(service: string, delivery: DeliveryRecord): Attempt {
    const { subscribers, pusher } = this.context.linked;
    const subscriber = subscribers.get(service);
    if (!subscriber || !pusher) {
      return {
        run: async () => {
          throw new Error(`Service "${service}" no longer subscribes to this service's events.`);
        },
      };
    }
    const run = async () => {
      const outcome = await pusher.send(service, {
        id: delivery.id,
        name: delivery.eventName,
        event: delivery.event,
        publishedAt: delivery.publishedAt,
      });
      if (outcome.status === "refused") throw refusal(service, outcome.error);
    };
    return { run, retry: subscriber.retry ?? defaultPushRetry };
  }
}

/** One attempt at a delivery, and its retry policy (none: the first failure is final). */
interface Attempt {
  run: () => Promise<unknown>;
  retry?: RetryPolicy;
}

function refusal(service: string, error: { name: string; message: string }): Error {
  const refused = new Error(`${service} refused the event: ${error.message}`);
  refused.name = error.name;
  return refused;
}
