import type { Event } from "./event.js";
import type { RetryPolicy } from "./registry.js";

/**
 * A system of services and the events that flow between them, as an app file declares it. Each
 * service stays one module with its own engine and store; the app names them, says where their
 * code is, and which events each receives from which other. `eventual dev app.ts` runs them all;
 * `eventual serve app.ts --service <name>` runs one as a node. See docs/services.md.
 *
 * @example
 * export const app = new App("shop");
 * const orderService = new Service(app, "order-service", { entry: "./order/index.ts" });
 * const invoiceService = new Service(app, "invoice-service", { entry: "@my-company/invoice-service" });
 * invoiceService.subscribeTo({ service: orderService, events: [orderEvent] });
 */
export class App {
  readonly #services = new Map<string, Service>();

  constructor(readonly name = "app") {
    assertServiceName("An app", name);
  }

  /** The app's services, in the order they were declared. */
  get services(): Service[] {
    return [...this.#services.values()];
  }

  /** Adds a service; called by `new Service(app, …)`. */
  add(service: Service): void {
    if (this.#services.has(service.name)) {
      throw new Error(`The app "${this.name}" already has a service named "${service.name}".`);
    }
    this.#services.set(service.name, service);
  }
}

/** Where a service's code is. */
export interface ServiceProps {
  /**
   * Its module: a path relative to the app file (`"./order/index.ts"`), or a package of the
   * workspace (`"@my-company/order-service"`).
   */
  entry: string;
}

/** Events a service receives from another service of its app. */
export interface SubscribeToProps {
  service: Service;
  /** Events the other service publishes: their declarations, or their names. */
  events: (Event<any> | string)[];
  /**
   * How the publisher retries pushing an event here while this service cannot take it: by
   * default from 1 s backing off to 5 min, 24 attempts (about 78 minutes), then a dead letter.
   */
  retry?: RetryPolicy;
}

/** A subscription of one service to events another publishes. */
export interface ServiceSubscription {
  /** The publishing service's name. */
  service: string;
  /** The events' names. */
  events: string[];
  retry?: RetryPolicy;
}

/**
 * One service of an app: a name, where its code is, and the events it receives from the app's
 * other services.
 *
 * @example
 * const invoiceService = new Service(app, "invoice-service", { entry: "./invoice/index.ts" });
 */
export class Service {
  readonly entry: string;
  readonly #subscriptions: ServiceSubscription[] = [];

  constructor(
    readonly app: App,
    readonly name: string,
    props: ServiceProps,
  ) {
    assertServiceName("A service", name);
    if (typeof props?.entry !== "string" || props.entry.length === 0) {
      throw new Error(`Service "${name}" needs an entry: the path or package of its module.`);
    }
    this.entry = props.entry;
    app.add(this);
  }

  /** What this service receives, by publisher. */
  get subscriptions(): ServiceSubscription[] {
    return this.#subscriptions.map((subscription) => ({
      ...subscription,
      events: [...subscription.events],
    }));
  }

  /**
   * Receives `events` whenever `service` publishes one: each is delivered once to this service's
   * subscribers of it, as if this service had published it.
   *
   * @example
   * invoiceService.subscribeTo({ service: orderService, events: [orderEvent] });
   */
  subscribeTo({ service, events, retry }: SubscribeToProps): void {
    if (!(service instanceof Service) || service.app !== this.app) {
      throw new Error(`Service "${this.name}" can subscribe only to a service of its own app.`);
    }
    if (service === this) throw new Error(`Service "${this.name}" cannot subscribe to itself.`);
    const names = events.map((event) => (typeof event === "string" ? event : event?.name));
    if (names.length === 0 || names.some((name) => typeof name !== "string" || name === "")) {
      throw new Error(`Service "${this.name}" subscribes to ${service.name} with no event named.`);
    }
    if (retry !== undefined && !(Number.isInteger(retry.maxAttempts) && retry.maxAttempts >= 1)) {
      throw new Error(
        `Service "${this.name}" subscribes to ${service.name} with retry.maxAttempts ${retry.maxAttempts}: use a whole number of at least 1.`,
      );
    }
    const existing = this.#subscriptions.find((s) => s.service === service.name);
    const known = new Set(existing?.events);
    const added = names.filter((name) => !known.has(name));
    if (existing) {
      existing.events.push(...added);
      if (retry) existing.retry = retry;
    } else {
      this.#subscriptions.push({
        service: service.name,
        events: [...new Set(added)],
        ...(retry ? { retry } : {}),
      });
    }
  }
}

const serviceNamePattern = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Service names become URL prefixes, folder names and environment keys: keep them plain. */
function assertServiceName(what: string, name: string): void {
  if (typeof name !== "string" || !serviceNamePattern.test(name)) {
    throw new Error(
      `${what} name "${String(name)}" is invalid: use 1 to 63 lower-case letters, digits and '-', starting with a letter or digit.`,
    );
  }
}
