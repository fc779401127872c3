import { ServiceClient } from "@eventual/client";
import { type Command, Option } from "commander";
import { UsageError } from "../host/load-service.js";
import { runningServiceUrl } from "../host/running-app.js";

/** The options every command that talks to a running service takes. */
export interface ClientOptions {
  url: string;
  /** One service of the app `eventual dev` runs, by name: its URL replaces `url`. */
  service?: string;
  apiKey?: string;
  json?: boolean;
}

/** Adds `--url`, `--api-key` and `--json` to a command that talks to a service. */
export function withClientOptions(command: Command): Command {
  return command
    .addOption(
      new Option("--url <url>", "the service's base URL")
        .env("EVENTUAL_URL")
        .default("http://localhost:3111"),
    )
    .addOption(
      new Option(
        "--service <name>",
        "a service of the app eventual dev runs (or at $EVENTUAL_SERVICE_URL_<NAME>), instead of --url",
      ),
    )
    .addOption(
      new Option("--api-key <key>", "sent as `Authorization: Bearer <key>`").env(
        "EVENTUAL_API_KEY",
      ),
    )
    .option("--json", "print the API's answer as one JSON document");
}

/** A client of the service at `--url`; refuses a URL that is not one before any request. */
export function connect(options: ClientOptions): ServiceClient {
  const address = serviceAddress(options);
  const option = options.service === undefined ? "--url" : `--service ${options.service}'s URL`;
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    throw new UsageError(`${option} "${address}" is not a URL (e.g. http://localhost:3111).`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new UsageError(`${option} "${address}" is not an http:// or https:// URL.`);
  }
  return new ServiceClient({ url: address, apiKey: options.apiKey });
}

/** The URL the command talks to: `--service`'s, or `--url`. */
export function serviceAddress(options: ClientOptions): string {
  return options.service === undefined ? options.url : runningServiceUrl(options.service);
}

/** Parses a JSON option's text; bad JSON is a usage error naming the option. */
export function parseJsonOption(option: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${option} is not valid JSON: ${(error as Error).message}`);
  }
}
