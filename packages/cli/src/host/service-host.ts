import { installServiceRuntime } from "@eventual/core/internal";
import type { EngineOptions, Store } from "@eventual/engine";
import { crashPointFromEnv, Engine } from "@eventual/engine";
import type { Listener } from "@eventual/server";
import { listen, serviceApp } from "@eventual/server";
import type { AppConnection } from "./app-links.js";
import { wireAppLinks } from "./app-links.js";
import type { EngineReporter } from "./engine-reports.js";
import { reportEngineEvents } from "./engine-reports.js";
import type { LoadedService } from "./load-service.js";
import { serviceClients } from "./service-clients.js";

export interface ServiceHostOptions {
  service: LoadedService;
  store: Store;
  port: number;
  hostname?: string;
  apiKey?: string;
  bodyLimit?: number;
  /** Serve no HTTP: a worker-only node. */
  http?: boolean;
  /**
   * How often to look for work committed by other processes, in ms; `Infinity` (the default)
   * when this process is the store's only writer, as with SQLite.
   */
  pollMs?: number;
  /** How long this process's claims last if it dies (renewed while it lives). */
  leaseMs?: number;
  /** Names this process in leases. */
  owner?: string;
  /** How captured `console` output of service code is printed. */
  printLog?: EngineOptions["printLog"];
  /** Told of failures the engine recovers from (a task that threw, the store unreachable). */
  onError?: EngineOptions["onError"];
  /** Told of failed deliveries, failed workflows and held executions. */
  reporter?: EngineReporter;
  /** For one service of an app: the others, which it pushes events to and takes events from. */
  connection?: AppConnection;
}

/** A service running: its engine working, its HTTP API listening. */
export interface ServiceHost {
  readonly engine: Engine;
  readonly listener?: Listener;
  /** Stops taking requests and work, finishes what is in hand, closes the store. */
  close(): Promise<void>;
}

/**
 * Wires a loaded service to a store and serves it: the engine runs its work loop, the service's
 * routes and the control API listen on HTTP, and calls made outside workflows (API handlers,
 * activities, subscribers) reach this engine.
 *
 * @example
 * const host = await startServiceHost({ service, store: SqliteStore.open(file), port: 3111 });
 * process.on("SIGTERM", () => host.close());
 */
export async function startServiceHost(options: ServiceHostOptions): Promise<ServiceHost> {
  const wired = options.connection && wireAppLinks(options.connection);
  const engine = new Engine({
    store: options.store,
    registry: options.service.registry,
    serviceName: options.service.name,
    leaseMs: options.leaseMs,
    owner: options.owner,
    printLog: options.printLog,
    onError: options.onError,
    crashPoint: crashPointFromEnv(),
    serviceClients: wired?.serviceClients ?? serviceClients(undefined, {}, options.apiKey),
    ...(wired ? { links: wired.links } : {}),
  });
  if (options.reporter) reportEngineEvents(engine, options.reporter);
  const uninstall = installServiceRuntime(engine);
  engine.start({ maxIdleMs: options.pollMs ?? Infinity });
  let listener: Listener | undefined;
  try {
    if (options.http !== false) {
      const app = serviceApp({
        engine,
        apiKey: options.apiKey,
        bodyLimit: options.bodyLimit,
        ...(wired ? { inbound: wired.inbound } : {}),
      });
      listener = await listen(app, { port: options.port, hostname: options.hostname });
    }
  } catch (error) {
    await engine.stop();
    uninstall();
    throw error;
  }
  return {
    engine,
    listener,
    async close() {
      await listener?.close();
      await engine.stop();
      uninstall();
      await options.store.close();
    },
  };
}
