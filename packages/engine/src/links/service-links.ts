import type { RetryPolicy } from "@eventual/core";

/**
 * How a service of an app is connected to the others: which services receive its events, which
 * it receives events from, and the transport that carries them (signed HTTP, given by the host).
 * The engine stores what it publishes for a subscribed service as a delivery (the outbox) and
 * pushes it; what it receives it stores once per event id.
 *
 * @example
 * new Engine({ store, links: {
 *   subscribers: [{ service: "invoice-service", events: ["Order"] }],
 *   push: httpEventPush({ source: "order-service", urlOf, secretOf }),
 * } });
 */
export interface ServiceLinks {
  /** Services that receive some of this service's events. */
  subscribers?: LinkedSubscriber[];
  /** Services this one receives events from. */
  publishers?: LinkedPublisher[];
  /** Carries events to a subscribed service; needed when there are subscribers. */
  push?: EventPush;
}

export interface LinkedSubscriber {
  service: string;
  /** Names of the events it receives. */
  events: string[];
  /** How pushes to it are retried (default: `defaultPushRetry`, about 75 minutes). */
  retry?: RetryPolicy;
}

export interface LinkedPublisher {
  service: string;
  /** Names of the events this service accepts from it. */
  events: string[];
}

/** One event as it travels between services. */
export interface PushedEvent {
  /** Unique per event and receiver, the same on every retry: the receiver deduplicates by it. */
  id: string;
  name: string;
  event: unknown;
  /** When it was published, epoch milliseconds. */
  publishedAt: number;
}

/** What the receiver did with one pushed event. */
export type PushOutcome =
  | { status: "stored" | "duplicate" }
  | { status: "refused"; error: { name: string; message: string } };

/**
 * Sends events to `service` and resolves with an outcome per event, in order; rejects when the
 * whole push failed (the service unreachable, the signature refused), so every event is retried.
 */
export type EventPush = (service: string, events: PushedEvent[]) => Promise<PushOutcome[]>;

/**
 * Backs off from 1 s to 5 min and gives up after 24 attempts: about 78 minutes, so a subscriber
 * that is down for an hour still receives everything when it comes back.
 */
export const defaultPushRetry: RetryPolicy = {
  maxAttempts: 24,
  initialInterval: 1,
  backoffCoefficient: 2,
  maxInterval: 300,
};

const prefix = "service:";

/** The delivery subscription under which events for another service wait in the outbox. */
export function pushSubscription(service: string): string {
  return prefix + service;
}

/** The service a delivery is pushed to, or undefined for a local subscriber's. */
export function pushTarget(subscription: string): string | undefined {
  return subscription.startsWith(prefix) ? subscription.slice(prefix.length) : undefined;
}
