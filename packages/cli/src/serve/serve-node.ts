import { hostname } from "node:os";
import { serviceUrlVariable } from "@eventual/client";
import { newId } from "@eventual/engine";
import type { Logger } from "pino";
import { pino } from "pino";
import type { AppConnection, AppLinks } from "../host/app-links.js";
import {
  assertConnectable,
  linkKey,
  linkPairs,
  linkSecretVariable,
  planLinks,
} from "../host/app-links.js";
import type { LoadedService } from "../host/load-service.js";
import { loadEntryService, UsageError } from "../host/load-service.js";
import { openStore, redactPassword, sharedStorePollMs } from "../host/open-store.js";
import { startServiceHost } from "../host/service-host.js";
import { checkBeforeServing } from "./check-gate.js";
import { environmentLinks } from "./environment-links.js";
import { jsonReporter } from "./json-reporter.js";
import { logMetrics } from "./metrics-log.js";

export interface ServeOptions {
  entry: string;
  db?: string;
  apiKey?: string;
  port: number;
  hostname: string;
  http: boolean;
  leaseMs: number;
  /** Refuse to start if a running execution would diverge from the code (`--check`). */
  check?: boolean;
  /** Of an app file: the service this node runs. */
  service?: string;
  /** Other services' URLs given on the command line (`--service-url name=url`). */
  serviceUrls?: Record<string, string>;
  /** The app's secret, which signs the events its services push to each other. */
  appSecret?: string;
}

/**
 * A production node: the service on a shared PostgreSQL database, its control API behind the API
 * key, everything it reports as JSON lines on stdout. Resolves once it serves; stops gracefully on
 * SIGTERM or SIGINT (stops claiming, finishes what runs, closes the pool).
 */
export async function serveNode(options: ServeOptions): Promise<void> {
  if (options.db === undefined) {
    throw new UsageError(
      "eventual serve needs a database: --db postgres://… or EVENTUAL_DATABASE_URL.",
    );
  }
  if (options.http && !options.apiKey) {
    throw new UsageError(
      "eventual serve needs an API key for its control API: set EVENTUAL_API_KEY (or pass --no-http).",
    );
  }
  const owner = `${hostname()}-${process.pid}-${newId().slice(-6)}`;
  const logger = pino({ base: { node: owner } });
  const { service, connection } = await loadServeService(options);
  const { store } = await openStore({ db: options.db, data: "" }, (error) =>
    logger.warn({ err: error }, "database connection dropped; reconnecting"),
  );
  if (options.check) await checkBeforeServing(store, service, logger);
  const host = await startServiceHost({
    service,
    store,
    port: options.port,
    hostname: options.hostname,
    apiKey: options.apiKey,
    http: options.http,
    pollMs: sharedStorePollMs,
    leaseMs: options.leaseMs,
    owner,
    printLog: (log) =>
      logger[log.level]({ executionId: log.executionId, source: log.source }, log.message),
    onError: (error, during) => logger.error({ err: error }, `${during} failed`),
    reporter: jsonReporter(logger),
    ...(connection ? { connection } : {}),
  });
  const stopMetrics = logMetrics(host.engine, logger, metricsIntervalMs());
  stopOnSignals(logger, async () => {
    stopMetrics();
    await host.close();
  });
  logger.info(
    {
      service: service.name,
      url: host.listener?.url,
      db: redactPassword(options.db),
      workflows: [...service.registry.workflows.keys()],
      ...(connection ? appFields(connection) : {}),
    },
    host.listener ? "serving" : "working (no HTTP)",
  );
}

/**
 * The module to serve, wired to the other services of its app when it is one of theirs: named
 * by an app file's `--service`, or described by `EVENTUAL_LINKS` (as a deployment gives it).
 */
async function loadServeService(
  options: ServeOptions,
): Promise<{ service: LoadedService; connection?: AppConnection }> {
  const loaded = await loadEntryService(options.entry, options.service);
  const { plan } = loaded;
  const name = plan
    ? loaded.service.name
    : (process.env.EVENTUAL_SERVICE_NAME ?? loaded.service.name);
  const service = { ...loaded.service, name };
  const links = plan ? planLinks(plan, name) : environmentLinks(name, process.env.EVENTUAL_LINKS);
  if (!links || (links.subscribers.length === 0 && links.publishers.length === 0)) {
    return { service };
  }
  const others = plan
    ? plan.services.map((planned) => planned.name)
    : [...links.subscribers, ...links.publishers].map((linked) => linked.service);
  const connection: AppConnection = {
    ...links,
    urls: Object.fromEntries(
      others.flatMap((other) => {
        const url = options.serviceUrls?.[other] ?? process.env[serviceUrlVariable(other)];
        return other === name || !url ? [] : [[other, url]];
      }),
    ),
    secrets: {
      ...(options.appSecret ? { app: options.appSecret } : {}),
      links: linkSecrets(links),
    },
    ...(options.apiKey ? { apiKey: options.apiKey } : {}),
  };
  assertConnectable(
    connection,
    (subscriber) =>
      `give its URL with --service-url ${subscriber}=<url> or ${serviceUrlVariable(subscriber)}`,
  );
  return { service, connection };
}

/** The subscriptions' secrets given one by one in the environment. */
function linkSecrets(links: AppLinks) {
  return Object.fromEntries(
    linkPairs(links).flatMap(([publisher, subscriber]) => {
      const secret = process.env[linkSecretVariable(publisher, subscriber)];
      return secret ? [[linkKey(publisher, subscriber), secret]] : [];
    }),
  );
}

/** Where the node stands in its app: whom it pushes events to, and takes them from. */
function appFields({ subscribers, publishers }: AppConnection) {
  return {
    pushesTo: subscribers.map((subscriber) => subscriber.service),
    receivesFrom: publishers.map((publisher) => publisher.service),
  };
}

function stopOnSignals(logger: Logger, close: () => Promise<void>): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    try {
      await close();
      logger.info("stopped");
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, "shutdown failed");
      process.exit(1);
    }
  };
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

/** How often the node logs its metrics line: `EVENTUAL_METRICS_SECONDS`, or every minute. */
function metricsIntervalMs(): number {
  const seconds = Number(process.env.EVENTUAL_METRICS_SECONDS);
  return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 60_000;
}
