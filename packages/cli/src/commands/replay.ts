import { Command } from "commander";
import { CommandFailure } from "../command-failure.js";
import { loadService, resolveEntry } from "../host/load-service.js";
import { out } from "../output/colors.js";
import { printJson, printLine } from "../output/format.js";
import type { ReplayReport } from "../replay/replay-execution.js";
import type { ClientOptions } from "./client-options.js";
import { connect, withClientOptions } from "./client-options.js";
import type { ExecutionOption } from "./execution-argument.js";
import { requireExecution, takeExecution, withExecutionOption } from "./execution-argument.js";

type Options = ClientOptions & ExecutionOption;

/** `eventual replay execution <id> [entry]`: does the local code still match a recorded history? */
export function replayCommand(): Command {
  const execution = withClientOptions(
    withExecutionOption(
      new Command("execution")
        .description(
          "Replay an execution's recorded history against the local code and report the first divergence.",
        )
        .argument("[id]", "the execution whose history to fetch (or --execution <id>)")
        .argument("[entry]", "the service module (default: src/index.ts or index.ts)"),
    ),
  )
    .addHelpText(
      "after",
      `
Fetches the history over HTTP and runs the workflow from the local entry on it; no activity
runs. Exits 0 and prints "replayed N events: no divergence" when the code issues what history
recorded, and exits 1 naming the first difference when it does not (or does not declare the
workflow). With --json: { executionId, workflowName, events, divergence? }.

Example:
  eventual replay execution transfer~t-42 src/index.ts --url https://bank.example.com`,
    )
    .action(async (first: string | undefined, second: string | undefined, options: Options) => {
      const taken = takeExecution([first, second], options.execution);
      const id = requireExecution(taken.executionId);
      const entryPath = resolveEntry(taken.rest[0]);
      const client = connect(options);
      const [recorded, history] = await Promise.all([
        client.getExecution(id),
        client.getHistory(id),
      ]);
      // Loaded here only: the engine is needed by this command alone.
      const { replayExecution } = await import("../replay/replay-execution.js");
      const report = await replayExecution(recorded, history, await loadService(entryPath));
      if (options.json) printJson(report);
      else if (!report.divergence) printLine(summary(report));
      if (report.divergence) {
        throw new CommandFailure(`${id} diverges from the code: ${report.divergence.message}`);
      }
    });
  return new Command("replay")
    .description("Replay recorded executions locally.")
    .addCommand(execution);
}

function summary(report: ReplayReport): string {
  return `${out.green("replayed")} ${report.events} events: no divergence`;
}
