import type { Event } from "@eventual/core";
import type { ServiceRegistry, SubscriptionDeclaration } from "@eventual/core/internal";

/**
 * The payload type of an event declaration.
 *
 * @example
 * const seen: EventPayload<typeof orderEvent>[] = [];
 */
export type EventPayload<E extends Event<any>> = E extends Event<infer Payload> ? Payload : never;

/**
 * The subscribers a TestEnvironment's engine delivers to: the service's own (unless the test
 * turned them off) and those the test added. The engine reads its registry's subscriptions on
 * every publish and delivery, so changing the set here takes effect at once.
 */
export class TestSubscriptions {
  readonly #added: SubscriptionDeclaration[] = [];
  #serviceEnabled = true;
  #count = 0;
  #view?: { service: ServiceRegistry; registry: ServiceRegistry };

  /** The service's registry with its subscriptions replaced by the live set. */
  registryFor(service: ServiceRegistry): ServiceRegistry {
    const registry: ServiceRegistry = { ...service, subscriptions: new Map() };
    this.#view = { service, registry };
    this.#refresh();
    return registry;
  }

  /** Adds a test subscriber; a failure is kept as a dead letter at once, with no retries to wait for. */
  add(events: Event<any>[], handler: (event: any) => unknown): void {
    // Names are never reused, so a delivery made for a subscriber since removed finds none.
    this.#added.push({
      name: `test.subscription-${++this.#count}`,
      events: events.map((event) => event.name),
      handler,
      retry: { maxAttempts: 1 },
    });
    this.#refresh();
  }

  clear(): void {
    this.#added.length = 0;
    this.#refresh();
  }

  setServiceEnabled(enabled: boolean): void {
    this.#serviceEnabled = enabled;
    this.#refresh();
  }

  #refresh(): void {
    if (!this.#view) return;
    const { service, registry } = this.#view;
    registry.subscriptions.clear();
    if (this.#serviceEnabled) {
      for (const [name, subscription] of service.subscriptions) {
        registry.subscriptions.set(name, subscription);
      }
    }
    for (const subscription of this.#added)
      registry.subscriptions.set(subscription.name, subscription);
  }
}
