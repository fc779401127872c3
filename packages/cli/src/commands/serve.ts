import { Command, InvalidArgumentError, Option } from "commander";
import { resolveEntry } from "../host/load-service.js";
import { portOption } from "./options.js";

/** `eventual serve [entry] --db postgres://…`: a production node; many share one database. */
export function serveCommand(): Command {
  return new Command("serve")
    .description("Run a production node on PostgreSQL; any number of nodes share one database.")
    .argument(
      "[entry]",
      "the service module, or an app file with --service (default: src/index.ts or index.ts)",
    )
    .option("--service <name>", "of an app file: the service this node runs")
    .option(
      "--service-url <name=url>",
      "another service of the app and its base URL (repeatable; or $EVENTUAL_SERVICE_URL_<NAME>)",
      serviceUrlOption,
      {} as Record<string, string>,
    )
    .option("--db <url>", "the PostgreSQL database (default: $EVENTUAL_DATABASE_URL)")
    .addOption(
      new Option("-p, --port <port>", "the port to listen on")
        .env("EVENTUAL_PORT")
        .argParser(portOption)
        .default(3111),
    )
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
        "A service of an app pushes and receives events signed under $EVENTUAL_APP_SECRET,",
        "which every service of the app shares; it finds the others by --service-url.",
        "Logs are JSON lines on stdout. SIGTERM stops claiming work, finishes what runs, and exits.",
        "--check replays the running executions from the database first (as eventual check does)",
        "and exits 1, printing those that would diverge on stderr, instead of starting.",
        "",
        "Example:",
        "  EVENTUAL_API_KEY=s3cret eventual serve src/index.ts --db postgres://eventual@db/eventual",
        "  EVENTUAL_API_KEY=s3cret EVENTUAL_APP_SECRET=sh4red eventual serve app.ts \\",
        "    --service invoice-service --db postgres://eventual@db/invoices \\",
        "    --service-url shipping-service=http://shipping:3111",
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
          service?: string;
          serviceUrl: Record<string, string>;
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
          ...(options.service === undefined ? {} : { service: options.service }),
          serviceUrls: options.serviceUrl,
          appSecret: process.env.EVENTUAL_APP_SECRET || undefined,
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

/** `name=url`, added to those given before. */
function serviceUrlOption(value: string, previous: Record<string, string>): Record<string, string> {
  const at = value.indexOf("=");
  const [name, url] = [value.slice(0, at), value.slice(at + 1)];
  if (at < 1 || !URL.canParse(url) || !/^https?:/.test(url)) {
    throw new InvalidArgumentError(
      `"${value}" is not <service>=<url> (e.g. invoice-service=http://invoices:3111).`,
    );
  }
  return { ...previous, [name]: url };
}
