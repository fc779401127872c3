import type { EventualServiceClient, Execution, StartedExecution } from "@eventual/core";
import { Command } from "commander";
import { followHistory } from "../follow/follow-history.js";
import { assertSucceeded, printOutcome } from "../follow/outcome.js";
import { pollUntilEnded } from "../follow/poll.js";
import { rideOut } from "../follow/ride-out.js";
import { out } from "../output/colors.js";
import { printJson, printLine } from "../output/format.js";
import type { ClientOptions } from "./client-options.js";
import { connect, withClientOptions } from "./client-options.js";
import { jsonInput } from "./json-input.js";

interface StartOptions extends ClientOptions {
  input?: string;
  inputFile?: string;
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
      .option("--inputFile <path>", "read the input's JSON from a file; - reads standard input")
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
  eventual start workflow transfer --name t-43 --input '{"transferId":"t-43","from":"alice","to":"bob","amount":2000}'
  eventual start workflow transfer --name t-42 --input '{"transferId":"t-42","from":"alice","to":"bob","amount":20}' --follow
  eventual start workflow transfer --inputFile transfer.json`,
    )
    .action(async (name: string, options: StartOptions) => {
      const input = await jsonInput(
        { flag: "--input", value: options.input },
        { flag: "--inputFile", path: options.inputFile },
      );
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
  const followAgain = `eventual get history ${started.executionId} --follow`;
  const reads = rideOut(client, { followAgain });
  let execution: Execution;
  if (json) {
    execution = await pollUntilEnded(reads, started.executionId, async () => {});
    printJson({ ...started, execution });
  } else {
    printStarted(started, true);
    execution = await followHistory(reads, started.executionId);
    printOutcome(execution);
  }
  assertSucceeded(execution);
}
