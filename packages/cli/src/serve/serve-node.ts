import { hostname } from "node:os";
import { serviceUrlVariable } from "@eventual/client";
import { newId } from "@eventual/engine";
import type { Logger } from "pino";
import { pino } from "pino";
import type { AppConnection } from "../host/app-links.js";
import { requirePlannedService, subscribersOf } from "../host/app-links.js";
import { otherServiceRoots } from "../host/app-plan.js";
import type { LoadedService } from "../host/load-service.js";
import { loadService, UsageError } from "../host/load-service.js";
import { openStore, redactPassword, sharedStorePollMs } from "../host/open-store.js";
import { startServiceHost } from "../host/service-host.js";
import { checkBeforeServing } from "./check-gate.js";
import { jsonReporter } from "./json-reporter.js";

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
  stopOnSignals(logger, () => host.close());
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

/** The module to serve: the entry, or of an app file the service `--service` names, wired to the others. */
async function loadServeService(
  options: ServeOptions,
): Promise<{ service: LoadedService; connection?: AppConnection }> {
  const loaded = await loadService(options.entry);
  if (!loaded.app) {
    if (options.service !== undefined) {
      throw new UsageError(
        `--service ${options.service}: ${options.entry} is a service, not an app file.`,
      );
    }
    return { service: loaded };
  }
  const plan = loaded.app;
  if (options.service === undefined) {
    const names = plan.services.map((service) => service.name).join(", ");
    throw new UsageError(
      `${options.entry} is an app file: pick its service with --service (${names}).`,
    );
  }
  requirePlannedService(plan, options.service);
  const planned = plan.services.find((service) => service.name === options.service)!;
  const service = await loadService(planned.entry, {
    name: planned.name,
    exclude: otherServiceRoots(plan, planned),
  });
  const urls = Object.fromEntries(
    plan.services.flatMap(({ name }) => {
      const url = options.serviceUrls?.[name] ?? process.env[serviceUrlVariable(name)];
      return name === planned.name || !url ? [] : [[name, url]];
    }),
  );
  for (const subscriber of subscribersOf(plan, planned.name)) {
    if (urls[subscriber] === undefined) {
      throw new UsageError(
        `${subscriber} subscribes to ${planned.name}'s events: give its URL with --service-url ${subscriber}=<url> or ${serviceUrlVariable(subscriber)}.`,
      );
    }
  }
  if (!options.appSecret) {
    throw new UsageError(
      "A service of an app signs the events it pushes and checks those it receives: set EVENTUAL_APP_SECRET, the same for all the app's services.",
    );
  }
  const connection: AppConnection = {
    plan,
    service: planned.name,
    urls,
    appSecret: options.appSecret,
    ...(options.apiKey ? { apiKey: options.apiKey } : {}),
  };
  return { service, connection };
}

/** Where the node stands in its app: what it pushes to whom, and takes from whom. */
function appFields({ plan, service }: AppConnection) {
  return {
    app: plan.name,
    pushesTo: subscribersOf(plan, service),
    receivesFrom: plan.services
      .find((planned) => planned.name === service)!
      .subscriptions.map((subscription) => subscription.service),
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
