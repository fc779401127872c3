import type { EventualServiceClient, ReleaseResult } from "@eventual/core";
import { Command } from "commander";
import { clientSource } from "../check/execution-source.js";
import { listAll } from "../check/list-all.js";
import { CommandFailure } from "../command-failure.js";
import { UsageError } from "../host/load-service.js";
import { out } from "../output/colors.js";
import { formatError, printJson, printLine } from "../output/format.js";
import type { ClientOptions } from "./client-options.js";
import { connect, withClientOptions } from "./client-options.js";

interface ReleaseOptions extends ClientOptions {
  all?: boolean;
}

/** `eventual release <id>` / `--all`: held executions tried again against the service's code. */
export function releaseCommand(): Command {
  return withClientOptions(
    new Command("release")
      .description(
        "Try a held execution again against the service's code: it runs on if its history replays.",
      )
      .argument("[id]", "the held execution")
      .option("--all", "every held execution"),
  )
    .addHelpText(
      "after",
      `
An execution is held when its history no longer replays on the code (see docs/evolution.md).
The service tries held executions again by itself whenever it starts with new code; this asks
now. Exits 1 when an execution stays held (saying what still diverges) or is not held.
With --json: one { executionId, released, held? } per execution (an array with --all).

Give one held execution's id (eventual release transfer~t-42), or --all.

Examples:
  eventual list executions --held
  eventual release --all`,
    )
    .action(async (id: string | undefined, options: ReleaseOptions) => {
      if ((id === undefined) === !options.all) {
        throw new UsageError("give a held execution's id, or --all (not both).");
      }
      const client = connect(options);
      const results =
        id === undefined ? await releaseAll(client) : [await client.releaseExecution(id)];
      if (options.json) printJson(id === undefined ? results : results[0]);
      else if (results.length === 0) printLine(out.dim("No held executions."));
      else for (const result of results) printLine(describe(result));
      const held = results.filter((result) => !result.released);
      if (held.length > 0) {
        throw new CommandFailure(
          held.length === 1
            ? `${held[0]!.executionId} is still held.`
            : `${held.length} executions are still held.`,
        );
      }
    });
}

/** Tries every execution held when it starts, one at a time. */
async function releaseAll(client: EventualServiceClient): Promise<ReleaseResult[]> {
  const held = await listAll(clientSource(client), { held: true, order: "asc" });
  const results: ReleaseResult[] = [];
  for (const { id } of held) results.push(await client.releaseExecution(id));
  return results;
}

function describe(result: ReleaseResult): string {
  if (result.released) return `${out.green("Released")} ${result.executionId}`;
  const why = result.held ? `: ${formatError(result.held)}` : "";
  return `${out.yellow("Still held")} ${result.executionId}${why}`;
}
