import { Command, InvalidArgumentError } from "commander";
import { checkFailure, checkJson, renderCheckReport } from "../check/check-report.js";
import { clientSource } from "../check/execution-source.js";
import { CommandFailure } from "../command-failure.js";
import { loadService, resolveEntry } from "../host/load-service.js";
import { out } from "../output/colors.js";
import { printJson, printLine } from "../output/format.js";
import type { ClientOptions } from "./client-options.js";
import { connect, withClientOptions } from "./client-options.js";

interface CheckCommandOptions extends ClientOptions {
  ended?: number;
}

/** `eventual check [entry]`: the deploy gate, run before a rollout against the live service. */
export function checkCommand(): Command {
  return withClientOptions(
    new Command("check")
      .description(
        "Replay every execution that has not ended against the code at entry; exit 1 listing those that would diverge.",
      )
      .argument("[entry]", "the service module to check (default: src/index.ts or index.ts)")
      .option(
        "--ended <n>",
        "also replay the newest n ended executions of each workflow",
        endedOption,
      ),
  )
    .addHelpText(
      "after",
      `
Reads every running execution's history over HTTP and replays it against the code at entry, as
a node running that code would; no activity runs. Exits 0 when every history replays, and 1
with a table of those that would diverge (id, workflow, first divergence), which that code would
hold. With --json: { checked, diverging: [{ executionId, workflowName, divergence }] }.

Example (a CI job before a rollout):
  eventual check src/index.ts --url https://bank.example.com --ended 20`,
    )
    .action(async (entry: string | undefined, options: CheckCommandOptions) => {
      const entryPath = resolveEntry(entry);
      const client = connect(options);
      // Loaded here only: the engine is needed by this command alone.
      const { runCheck } = await import("../check/run-check.js");
      const service = await loadService(entryPath);
      const report = await runCheck(clientSource(client), service, { ended: options.ended });
      if (options.json) printJson(checkJson(report));
      else printLine(renderCheckReport(report, out));
      if (report.diverging.length > 0) throw new CommandFailure(checkFailure(report, entryPath));
    });
}

/** Parses `--ended`: a whole number of executions, 0 or more. */
function endedOption(value: string): number {
  const count = Number(value);
  if (!Number.isInteger(count) || count < 0) {
    throw new InvalidArgumentError(`"${value}" is not a number of executions (0 or more).`);
  }
  return count;
}
