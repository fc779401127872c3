import { join } from "node:path";
import { SqliteStore } from "@eventual/store-sqlite";
import { loadService } from "../host/load-service.js";
import { startServiceHost } from "../host/service-host.js";
import type { DevOptions } from "./dev-options.js";
import { printServiceSummary } from "./service-summary.js";

/**
 * The process `eventual dev` restarts on every code change: it imports the service, opens the
 * SQLite file and serves. It exits when told to (SIGTERM, SIGINT) or when its supervisor is gone.
 */
const options = JSON.parse(process.argv[2] ?? "{}") as DevOptions;
const service = await loadService(options.entry);
const databaseFile = join(options.data, "eventual.db");
const host = await startServiceHost({
  service,
  store: SqliteStore.open(databaseFile),
  port: options.port,
  hostname: options.hostname,
});
printServiceSummary(service, host.listener!.url, databaseFile);
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
