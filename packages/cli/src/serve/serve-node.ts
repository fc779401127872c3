import { hostname } from "node:os";
import { newId } from "@eventual/engine";
import type { Logger } from "pino";
import { pino } from "pino";
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
  const service = await loadService(options.entry);
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
  });
  stopOnSignals(logger, () => host.close());
  logger.info(
    {
      service: service.name,
      url: host.listener?.url,
      db: redactPassword(options.db),
      workflows: [...service.registry.workflows.keys()],
    },
    host.listener ? "serving" : "working (no HTTP)",
  );
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
