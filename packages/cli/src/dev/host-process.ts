import { loadService } from "../host/load-service.js";
import { isShared, openStore, sharedStorePollMs } from "../host/open-store.js";
import type { ServiceHost } from "../host/service-host.js";
import { startServiceHost } from "../host/service-host.js";
import type { DevOptions } from "./dev-options.js";
import { devReporter } from "./dev-reporter.js";
import { printServiceSummary } from "./service-summary.js";
import type { StartupPhase } from "./startup-failure.js";
import { startupFailure } from "./startup-failure.js";

/**
 * The process `eventual dev` restarts on every code change: it imports the service, opens the
 * store (the SQLite file, or PostgreSQL with `--db`) and serves, then tells its supervisor it is
 * `ready`, or, if it could not start, why (`failed`). It exits when told to (SIGTERM, SIGINT) or
 * when its supervisor is gone.
 */
const options = JSON.parse(process.argv[2] ?? "{}") as DevOptions;
let phase: StartupPhase = "loading the service";
const host = await start().catch(reportFailure);

async function start(): Promise<ServiceHost | undefined> {
  const service = await loadService(options.entry, options.service);
  if (service.app) {
    // An app file: the supervisor runs each of its services in a process of its own.
    process.send?.({ type: "app", app: service.app });
    process.exit(0);
  }
  phase = "opening the store";
  const location = { db: options.db, data: options.data };
  const { store, description } = await openStore(location);
  phase = "listening";
  const started = await startServiceHost({
    service,
    store,
    port: options.port,
    hostname: options.hostname,
    pollMs: isShared(location) ? sharedStorePollMs : Infinity,
    reporter: devReporter(),
    ...(options.service ? { connection: options.service.connection } : {}),
  }).catch(async (error: unknown) => {
    await store.close();
    throw error;
  });
  printServiceSummary(service, started.listener!.url, description);
  process.send?.({ type: "ready", url: started.listener!.url });
  return started;
}

/** Tells the supervisor why the service could not start, then exits; a failure of its code shows its stack. */
async function reportFailure(error: unknown): Promise<never> {
  const failure = startupFailure(error, options, phase);
  if (failure.inCode || !process.send) console.error(error);
  await new Promise<void>((sent) => {
    if (process.send) process.send(failure, () => sent());
    else sent();
  });
  process.exit(1);
}

let closing = false;
async function shutdown(): Promise<void> {
  if (closing) return;
  closing = true;
  const forced = setTimeout(() => process.exit(1), 10_000);
  forced.unref();
  await host?.close();
  process.exit(0);
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
process.on("disconnect", shutdown);
