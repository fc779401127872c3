import type { ServiceRegistry } from "@eventual/core/internal";
import type { LinkedSubscriber } from "./service-links.js";
import { pushSubscription } from "./service-links.js";

/** For each event name, the subscriptions that receive it: a delivery is made for each. */
export interface SubscriberTable {
  /** This service's own subscribers and the services it pushes to: for what it publishes. */
  published: ReadonlyMap<string, readonly string[]>;
  /** This service's own subscribers only: for what it receives from another service. */
  received: ReadonlyMap<string, readonly string[]>;
}

/**
 * Each event's subscribers, looked up once rather than by scanning every subscription per event;
 * looked up again when the registry gains a subscription (tests declare some after the engine
 * starts).
 */
export class Subscribers {
  #table?: SubscriberTable;
  #counted = -1;

  constructor(
    private readonly registry: ServiceRegistry,
    private readonly linked: readonly LinkedSubscriber[] = [],
  ) {}

  get table(): SubscriberTable {
    if (this.#counted !== this.registry.subscriptions.size || !this.#table) {
      this.#table = subscriberTable(this.registry, this.linked);
      this.#counted = this.registry.subscriptions.size;
    }
    return this.#table;
  }
}

function subscriberTable(
  registry: ServiceRegistry,
  subscribers: readonly LinkedSubscriber[] = [],
): SubscriberTable {
  const received = new Map<string, string[]>();
  for (const subscription of registry.subscriptions.values()) {
    for (const event of subscription.events) add(received, event, subscription.name);
  }
  const published = new Map([...received].map(([event, names]) => [event, [...names]]));
  for (const { service, events } of subscribers) {
    for (const event of events) add(published, event, pushSubscription(service));
  }
  return { published, received };
}

function add(table: Map<string, string[]>, event: string, subscription: string): void {
  const names = table.get(event);
  if (names) names.push(subscription);
  else table.set(event, [subscription]);
}
