import { Command } from "commander";
import { out } from "../output/colors.js";
import { printJson, printLine } from "../output/format.js";
import type { ClientOptions } from "./client-options.js";
import { connect, withClientOptions } from "./client-options.js";
import type { ExecutionOption } from "./execution-argument.js";
import { requireExecution, takeExecution, withExecutionOption } from "./execution-argument.js";

interface CancelOptions extends ClientOptions, ExecutionOption {
  reason?: string;
}

/** `eventual cancel <id>`: ends a running execution, held or not, as `CANCELLED`. */
export function cancelCommand(): Command {
  return withClientOptions(
    withExecutionOption(
      new Command("cancel")
        .description("Cancel a running execution, held or not.")
        .argument("[id]", "the execution (or --execution <id>)")
        .option("--reason <text>", "why, recorded in its history"),
    ),
  )
    .addHelpText(
      "after",
      `
The workflow sees the cancel as its next event and ends CANCELLED, cancelling its running
children. A held execution, whose code cannot replay its history, ends the same way without
running its code. Exits 1 for an execution that has ended or does not exist.

Examples:
  eventual start workflow transfer --name t-45 --input '{"transferId":"t-45","from":"alice","to":"bob","amount":5000}'
  eventual cancel transfer~t-45 --reason "sent twice"`,
    )
    .action(async (id: string | undefined, options: CancelOptions) => {
      const executionId = requireExecution(takeExecution([id], options.execution).executionId);
      await connect(options).cancelExecution(executionId, options.reason);
      if (options.json) printJson({});
      else printLine(`${out.green("Cancelling")} ${executionId}`);
    });
}
