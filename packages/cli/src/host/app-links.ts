import type { EventualServiceClient } from "@eventual/core";
import type { LinkedPublisher, LinkedSubscriber, ServiceLinks } from "@eventual/engine";
import type { InboundOptions } from "@eventual/server";
import { httpEventPush, subscriptionSecret } from "@eventual/server";
import type { AppPlan } from "./app-plan.js";
import { UsageError } from "./resolve-entry.js";
import { serviceClients } from "./service-clients.js";

/**
 * Where one service stands among the others of its app: whom it pushes events to, whom it takes
 * them from, where they listen and the secrets their pushes are signed with. Plain data: it is
 * handed to a host process as JSON.
 */
export interface AppConnection {
  /** This service's name. */
  service: string;
  /** The services that receive some of its events. */
  subscribers: LinkedSubscriber[];
  /** The services it receives events from. */
  publishers: LinkedPublisher[];
  /** The other services' base URLs, by name. */
  urls: Record<string, string>;
  /** Each subscription's signing secret, given (`links`, by `linkKey`) or derived from `app`. */
  secrets: { app?: string; links?: Record<string, string> };
  /** Sent to the other services when this one calls them (`getServiceClient(name)`). */
  apiKey?: string;
}

/** A service's links as its engine and its HTTP server take them. */
export interface WiredLinks {
  links: ServiceLinks;
  inbound: InboundOptions;
  serviceClients: (service: string) => EventualServiceClient | undefined;
}

/** Whom a service pushes events to and takes them from: an app plan's, or a deployment's. */
export type AppLinks = Pick<AppConnection, "service" | "subscribers" | "publishers">;

/** The links of `service` within an app file's plan. */
export function planLinks(plan: AppPlan, service: string): AppLinks {
  const subscribers = plan.services.flatMap((other) =>
    other.subscriptions
      .filter((subscription) => subscription.service === service)
      .map(({ events, retry }) => ({ service: other.name, events, ...(retry ? { retry } : {}) })),
  );
  const own = plan.services.find((planned) => planned.name === service);
  const publishers = (own?.subscriptions ?? []).map(({ service, events }) => ({ service, events }));
  return { service, subscribers, publishers };
}

/** Each subscription a service takes part in, as publisher and subscriber. */
export function linkPairs({ service, subscribers, publishers }: AppLinks): [string, string][] {
  return [
    ...subscribers.map((subscriber): [string, string] => [service, subscriber.service]),
    ...publishers.map((publisher): [string, string] => [publisher.service, service]),
  ];
}

/** The key of a subscription's secret in `AppConnection.secrets.links`. */
export function linkKey(publisher: string, subscriber: string): string {
  return `${publisher}>${subscriber}`;
}

/** The variable that gives a subscription's secret: `EVENTUAL_LINK_SECRET_ORDER_SERVICE_TO_INVOICE_SERVICE`. */
export function linkSecretVariable(publisher: string, subscriber: string): string {
  const name = (service: string) => service.toUpperCase().replaceAll("-", "_");
  return `EVENTUAL_LINK_SECRET_${name(publisher)}_TO_${name(subscriber)}`;
}

/**
 * Wires one service into its app: the services subscribed to its events (pushed, signed with
 * each subscription's secret), the services it takes events from (their pushes checked with the
 * same secrets), and clients of every other service by name.
 */
export function wireAppLinks(connection: AppConnection): WiredLinks {
  const { service: self, subscribers, publishers, urls } = connection;
  const secretOf = (publisher: string, subscriber: string) => {
    const given = connection.secrets.links?.[linkKey(publisher, subscriber)];
    if (given !== undefined) return given;
    const app = connection.secrets.app;
    return app === undefined ? undefined : subscriptionSecret(app, publisher, subscriber);
  };
  return {
    links: {
      subscribers,
      publishers,
      push: httpEventPush({
        source: self,
        urlOf: (service) => urls[service],
        secretOf: (service) => secretOf(self, service),
      }),
    },
    inbound: {
      secretOf: (source) =>
        publishers.some((publisher) => publisher.service === source)
          ? secretOf(source, self)
          : undefined,
    },
    serviceClients: serviceClients(self, urls, connection.apiKey),
  };
}

/**
 * Refuses a connection a node cannot serve with: a subscriber whose URL is unknown, or a
 * subscription with no secret to sign or check its pushes.
 */
export function assertConnectable(
  connection: AppConnection,
  urlHint: (service: string) => string,
): void {
  const { service, subscribers, urls, secrets } = connection;
  for (const { service: subscriber } of subscribers) {
    if (urls[subscriber] === undefined) {
      throw new UsageError(
        `${subscriber} subscribes to ${service}'s events: ${urlHint(subscriber)}.`,
      );
    }
  }
  for (const [publisher, subscriber] of linkPairs(connection)) {
    if (
      secrets.app === undefined &&
      secrets.links?.[linkKey(publisher, subscriber)] === undefined
    ) {
      throw new UsageError(
        `${publisher} pushes events to ${subscriber}, signed: set EVENTUAL_APP_SECRET (the same for all the app's services) or ${linkSecretVariable(publisher, subscriber)}.`,
      );
    }
  }
}
