import type { EventualServiceClient, Execution, StartedExecution } from "@eventual/core";
import { Command } from "commander";
import { CommandFailure } from "../command-failure.js";
import { followHistory } from "../follow/follow-history.js";
import { pollUntilEnded } from "../follow/poll.js";
import { out } from "../output/colors.js";
import {
  compactJson,
  elapsed,
  formatError,
  formatStatus,
  printJson,
  printLine,
} from "../output/format.js";
import type { ClientOptions } from "./client-options.js";
import { connect, parseJsonOption, withClientOptions } from "./client-options.js";

interface StartOptions extends ClientOptions {
  input?: string;
  name?: string;
  follow?: boolean;
}

/** `eventual start workflow <name>`: starts an execution, and with `--follow` watches it end. */
export function startCommand(): Command {
  const workflow = withClientOptions(
    new Command("workflow")
      .description("Start an execution of a workflow.")
      .argument("<name>", "the workflow's name")
      .option("--input <json>", "the workflow's input, as JSON")
      .option(
        "--name <executionName>",
        "name the execution (id <workflow>~<name>); starting a name again starts nothing",
      )
      .option(
        "-f, --follow",
        "print each history event as it happens, then the result; exit 1 unless it succeeds",
      ),
  )
    .addHelpText(
      "after",
      `
With --follow --json, prints { executionId, alreadyRunning, execution } once the execution ended.

Examples:
  eventual start workflow transfer --input '{"from":"alice","to":"bob","amount":20}'
  eventual start workflow transfer --name t-42 --input '{"amount":20}' --follow`,
    )
    .action(async (name: string, options: StartOptions) => {
      const input =
        options.input === undefined ? undefined : parseJsonOption("--input", options.input);
      const client = connect(options);
      const started = await client.startExecution(name, input, { executionName: options.name });
      if (options.follow) await follow(client, started, options.json === true);
      else if (options.json) printJson(started);
      else printStarted(started);
    });
  return new Command("start").description("Start an execution.").addCommand(workflow);
}

/** Says what started; without `--follow`, also how to look at it. */
function printStarted(started: StartedExecution, following = false): void {
  const { executionId } = started;
  printLine(
    started.alreadyRunning
      ? `${out.yellow("Exists")} ${executionId} (an execution of that name was started before)`
      : `${out.green("Started")} ${executionId}`,
  );
  if (!following) printLine(out.dim(`  eventual get execution ${executionId}`));
}

async function follow(
  client: EventualServiceClient,
  started: StartedExecution,
  json: boolean,
): Promise<void> {
  let execution: Execution;
  if (json) {
    execution = await pollUntilEnded(client, started.executionId, async () => {});
    printJson({ ...started, execution });
  } else {
    printStarted(started, true);
    execution = await followHistory(client, started.executionId);
    printOutcome(execution);
  }
  if (execution.status !== "SUCCEEDED") {
    const reason = execution.error ? `: ${formatError(execution.error)}` : "";
    throw new CommandFailure(`${execution.id} ${execution.status}${reason}`);
  }
}

/** `SUCCEEDED in 1.2s`, then the result or the error in full. */
function printOutcome(execution: Execution): void {
  const took = elapsed(execution.startTime, execution.endTime);
  printLine(`${formatStatus(execution.status)} in ${took}`);
  if (execution.status === "SUCCEEDED") {
    printLine(`${out.dim("result")} ${compactJson(execution.result)}`);
  } else if (execution.error) {
    printLine(`${out.dim("error")}  ${out.red(formatError(execution.error))}`);
  }
}
