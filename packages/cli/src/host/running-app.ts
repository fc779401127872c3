import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { serviceUrlVariable } from "@eventual/client";
import type { AppPlan } from "./app-plan.js";
import { UsageError } from "./resolve-entry.js";

/** What `eventual dev` of an app writes in its data folder: where each service listens. */
interface RunningApp {
  app: string;
  services: Record<string, string>;
}

const fileName = "app.json";

/** Records the services' URLs for the CLI's `--service` (see `runningServiceUrl`). */
export function writeRunningApp(data: string, plan: AppPlan, urls: Record<string, string>): void {
  mkdirSync(data, { recursive: true });
  const running: RunningApp = { app: plan.name, services: urls };
  writeFileSync(join(data, fileName), `${JSON.stringify(running, null, 2)}\n`);
}

/**
 * The URL of the app's service `name`: from `EVENTUAL_SERVICE_URL_<NAME>`, or else from what
 * `eventual dev` of the app recorded in `data` (`.eventual` by default).
 */
export function runningServiceUrl(name: string, data = ".eventual"): string {
  const variable = serviceUrlVariable(name);
  const fromEnvironment = process.env[variable];
  if (fromEnvironment) return fromEnvironment;
  let running: RunningApp;
  try {
    running = JSON.parse(readFileSync(join(data, fileName), "utf8")) as RunningApp;
  } catch {
    throw new UsageError(
      `--service ${name}: set ${variable}, or run this where eventual dev runs the app (its ${join(data, fileName)} says where each service listens).`,
    );
  }
  const url = running.services[name];
  if (url === undefined) {
    const names = Object.keys(running.services).join(", ");
    throw new UsageError(
      `The app ${running.app} has no service "${name}"; its services: ${names}.`,
    );
  }
  return url;
}
