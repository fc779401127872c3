import { Command, InvalidArgumentError } from "commander";
import { resolveEntry } from "../host/load-service.js";
import { portOption } from "./options.js";

/** `eventual serve [entry] --db postgres://…`: a production node; many share one database. */
export function serveCommand(): Command {
  return new Command("serve")
    .description("Run a production node on PostgreSQL; any number of nodes share one database.")
    .argument("[entry]", "the service module (default: src/index.ts or index.ts)")
    .option("--db <url>", "the PostgreSQL database (default: $EVENTUAL_DATABASE_URL)")
    .option("-p, --port <port>", "the port to listen on", portOption, 3111)
    .option("--host <address>", "the address to listen on", "0.0.0.0")
    .option(
      "--no-http",
      "a worker-only node: runs workflows, activities and subscribers, serves no HTTP",
    )
    .option(
      "--lease <seconds>",
      "how long this node's claims outlive it if it dies (renewed while it runs)",
      secondsOption,
      30,
    )
    .option(
      "--check",
      "before taking work, replay every running execution against this code; exit 1 if any would diverge",
    )
    .addHelpText(
      "after",
      [
        "",
        "Every /_eventual route but health requires Authorization: Bearer $EVENTUAL_API_KEY.",
        "Logs are JSON lines on stdout. SIGTERM stops claiming work, finishes what runs, and exits.",
        "--check replays the running executions from the database first (as eventual check does)",
        "and exits 1, printing those that would diverge on stderr, instead of starting.",
        "",
        "Example:",
        "  EVENTUAL_API_KEY=s3cret eventual serve src/index.ts --db postgres://eventual@db/eventual",
      ].join("\n"),
    )
    .action(
      async (
        entry: string | undefined,
        options: {
          db?: string;
          port: number;
          host: string;
          http: boolean;
          lease: number;
          check?: boolean;
        },
      ) => {
        // Loaded here, not at the top: `eventual --help` should not load the server and the store.
        const { serveNode } = await import("../serve/serve-node.js");
        await serveNode({
          entry: resolveEntry(entry),
          db: options.db ?? (process.env.EVENTUAL_DATABASE_URL || undefined),
          apiKey: process.env.EVENTUAL_API_KEY || undefined,
          port: options.port,
          hostname: options.host,
          http: options.http,
          leaseMs: options.lease * 1000,
          check: options.check,
        });
      },
    );
}

function secondsOption(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new InvalidArgumentError(`"${value}" is not a positive number of seconds.`);
  }
  return seconds;
}
