import { ServiceClient } from "@eventual/client";
import type { EventualServiceClient } from "@eventual/core";
import type { ServiceLinks } from "@eventual/engine";
import type { InboundOptions } from "@eventual/server";
import { httpEventPush, subscriptionSecret } from "@eventual/server";
import type { AppPlan } from "./app-plan.js";
import { UsageError } from "./resolve-entry.js";

/** Where one service of an app stands among the others: what a host process is handed. */
export interface AppConnection {
  plan: AppPlan;
  /** This service's name in the plan. */
  service: string;
  /** The other services' base URLs, by name. */
  urls: Record<string, string>;
  /** The app's secret, from which each subscription's signing secret is derived. */
  appSecret: string;
  /** Sent to the other services when this one calls them (`getServiceClient(name)`). */
  apiKey?: string;
}

/** A service's links as its engine and its HTTP server take them. */
export interface WiredLinks {
  links: ServiceLinks;
  inbound: InboundOptions;
  serviceClients: (service: string) => EventualServiceClient | undefined;
}

/**
 * Wires one service into its app: the services subscribed to its events (pushed, signed with
 * each subscription's secret), the services it takes events from (their pushes checked with the
 * same secrets), and clients of every other service by name.
 */
export function wireAppLinks(connection: AppConnection): WiredLinks {
  const { plan, service: self, urls, appSecret } = connection;
  const subscribers = plan.services.flatMap((other) =>
    other.subscriptions
      .filter((subscription) => subscription.service === self)
      .map(({ events, retry }) => ({ service: other.name, events, ...(retry ? { retry } : {}) })),
  );
  const publishers = plan.services
    .find((service) => service.name === self)!
    .subscriptions.map(({ service, events }) => ({ service, events }));
  const clients = new Map<string, ServiceClient>();
  return {
    links: {
      subscribers,
      publishers,
      push: httpEventPush({
        source: self,
        urlOf: (service) => urls[service],
        secretOf: (service) => subscriptionSecret(appSecret, self, service),
      }),
    },
    inbound: {
      secretOf: (source) =>
        publishers.some((publisher) => publisher.service === source)
          ? subscriptionSecret(appSecret, source, self)
          : undefined,
    },
    serviceClients: (service) => {
      const url = urls[service];
      if (url === undefined || service === self) return undefined;
      let client = clients.get(service);
      if (!client) {
        client = new ServiceClient({ url, apiKey: connection.apiKey });
        clients.set(service, client);
      }
      return client;
    },
  };
}

/** The services `service` pushes events to: their URLs must be known before it serves. */
export function subscribersOf(plan: AppPlan, service: string): string[] {
  return plan.services
    .filter((other) => other.subscriptions.some((subscription) => subscription.service === service))
    .map((other) => other.name);
}

/** Refuses a plan's service name that is not one of its services, listing those that are. */
export function requirePlannedService(plan: AppPlan, name: string): void {
  if (!plan.services.some((service) => service.name === name)) {
    const names = plan.services.map((service) => service.name).join(", ");
    throw new UsageError(`The app ${plan.name} has no service "${name}"; its services: ${names}.`);
  }
}
