import { isAbsolute, relative } from "node:path";
import { describeService } from "@eventual/core/internal";
import pc from "picocolors";
import type { LoadedService } from "../host/load-service.js";

/**
 * Prints where the service listens, the address of its dashboard and everything it declares, as
 * `eventual dev` starts.
 */
export function printServiceSummary(service: LoadedService, url: string, data: string): void {
  const spec = describeService(service.registry);
  const rows: [string, string[]][] = [
    ["routes", spec.routes.map((r) => `${r.method} ${r.path}`)],
    ["workflows", spec.workflows.map((w) => w.name)],
    ["activities", spec.activities.map((a) => a.name)],
    ["events", spec.events.map((e) => e.name)],
    ["signals", spec.signals.map((s) => s.name)],
    ["subscriptions", spec.subscriptions.map((s) => `${s.name} (${s.events.join(", ")})`)],
  ];
  const lines = [
    `${pc.bold("eventual dev")} ${pc.cyan(service.name)} ${pc.dim(`(${shortPath(service.entry)})`)}`,
    `  ${pc.green(url)}  ${pc.dim(`data: ${shortPath(data)}`)}`,
    `  ${"dashboard".padEnd(14)}${pc.green(`${url}/_eventual/ui/`)}`,
    ...rows.map(
      ([label, items]) =>
        `  ${label.padEnd(14)}${items.length > 0 ? items.join(", ") : pc.dim("none")}`,
    ),
  ];
  console.log(lines.join("\n"));
}

/** A path relative to the working directory when it lies inside it; a URL as it is. */
export function shortPath(path: string): string {
  if (!isAbsolute(path)) return path;
  const relativePath = relative(process.cwd(), path);
  return relativePath.startsWith("..") ? path : relativePath;
}
