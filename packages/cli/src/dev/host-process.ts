import { loadService } from "../host/load-service.js";
import { isShared, openStore, sharedStorePollMs } from "../host/open-store.js";
import { startServiceHost } from "../host/service-host.js";
import type { DevOptions } from "./dev-options.js";
import { printServiceSummary } from "./service-summary.js";

/**
 * The process `eventual dev` restarts on every code change: it imports the service, opens the
 * store (the SQLite file, or PostgreSQL with `--db`) and serves. It exits when told to (SIGTERM, SIGINT) or when its supervisor is gone.
 */
const options = JSON.parse(process.argv[2] ?? "{}") as DevOptions;
const service = await loadService(options.entry);
const location = { db: options.db, data: options.data };
const { store, description } = await openStore(location);
const host = await startServiceHost({
  service,
  store,
  port: options.port,
  hostname: options.hostname,
  pollMs: isShared(location) ? sharedStorePollMs : Infinity,
});
printServiceSummary(service, host.listener!.url, description);
process.send?.({ type: "ready", url: host.listener!.url });

let closing = false;
async function shutdown(): Promise<void> {
  if (closing) return;
  closing = true;
  const forced = setTimeout(() => process.exit(1), 10_000);
  forced.unref();
  await host.close();
  process.exit(0);
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
process.on("disconnect", shutdown);
