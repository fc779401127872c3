import { resolve } from "node:path";
import { Command } from "commander";
import { superviseDevHost } from "../dev/supervisor.js";
import { resolveEntry } from "../host/load-service.js";
import { portOption } from "./options.js";

/** `eventual dev [entry] [--port] [--data]`: the service on this machine, restarted on change. */
export function devCommand(): Command {
  return new Command("dev")
    .description("Run a service locally (on SQLite by default); restart it when its code changes.")
    .argument("[entry]", "the service module (default: src/index.ts or index.ts)")
    .option("-p, --port <port>", "the port to listen on", portOption, 3111)
    .option("--data <dir>", "where the SQLite file lives", ".eventual")
    .option("--db <url>", "run on this PostgreSQL database instead of the SQLite file")
    .addHelpText("after", "\nExample:\n  eventual dev src/index.ts --port 3111")
    .action(
      async (entry: string | undefined, options: { port: number; data: string; db?: string }) => {
        const entryPath = resolveEntry(entry);
        await superviseDevHost(
          {
            entry: entryPath,
            port: options.port,
            data: resolve(options.data),
            ...(options.db === undefined ? {} : { db: options.db }),
            hostname: "127.0.0.1",
          },
          process.cwd(),
        );
      },
    );
}
