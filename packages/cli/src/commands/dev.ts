import { resolve } from "node:path";
import { Command } from "commander";
import { resolveEntry } from "../host/load-service.js";
import { assertStoreUsable } from "../host/open-store.js";
import { portOption } from "./options.js";

/** `eventual dev [entry] [--port] [--data]`: the service on this machine, restarted on change. */
export function devCommand(): Command {
  return new Command("dev")
    .description("Run a service locally (on SQLite by default); restart it when its code changes.")
    .argument(
      "[entry]",
      "the service module, or an app file of several (default: src/index.ts or index.ts)",
    )
    .option("-p, --port <port>", "the port to listen on", portOption, 3111)
    .option("--data <dir>", "where the SQLite file lives", ".eventual")
    .option("--db <url>", "run on this PostgreSQL database instead of the SQLite file")
    .addHelpText("after", "\nExample:\n  eventual dev src/index.ts --port 3111")
    .action(
      async (entry: string | undefined, options: { port: number; data: string; db?: string }) => {
        const devOptions = {
          entry: resolveEntry(entry),
          port: options.port,
          data: resolve(options.data),
          ...(options.db === undefined ? {} : { db: options.db }),
          hostname: "127.0.0.1",
        };
        // Said once here, rather than by every restart of the service's process.
        assertStoreUsable(devOptions);
        const { superviseDevHost } = await import("../dev/supervisor.js");
        await superviseDevHost(devOptions, process.cwd());
      },
    );
}
