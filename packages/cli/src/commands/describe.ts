import { describeService } from "@eventual/core/internal";
import { Command } from "commander";
import { resolveEntry } from "../host/load-service.js";
import { printJson } from "../output/format.js";

/**
 * `eventual describe [entry] [--service NAME]`: what a service module declares, as JSON, read by
 * loading it without running it: what a deploy tool needs (the `Service` construct registers each
 * route on the API Gateway from it).
 */
export function describeCommand(): Command {
  return new Command("describe")
    .description(
      "Print what a service module declares (routes, workflows, activities, events, signals, subscriptions) as JSON, without running it.",
    )
    .argument(
      "[entry]",
      "the service module, or an app file with --service (default: src/index.ts or index.ts)",
    )
    .option("--service <name>", "of an app file: the service to describe")
    .addHelpText(
      "after",
      [
        "",
        "Its shape is that of GET /_eventual/service, without a running service.",
        "",
        "Examples:",
        "  eventual describe src/index.ts",
        "  eventual describe app.ts --service invoice-service",
      ].join("\n"),
    )
    .action(async (entry: string | undefined, options: { service?: string }) => {
      const { loadEntryService } = await import("../host/load-service.js");
      const { service } = await loadEntryService(resolveEntry(entry), options.service);
      printJson({ name: service.name, ...describeService(service.registry) });
    });
}
