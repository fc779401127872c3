import { Command } from "commander";
import { UsageError } from "../host/load-service.js";
import { out } from "../output/colors.js";
import { printJson, printLine } from "../output/format.js";
import type { ClientOptions } from "./client-options.js";
import { connect, withClientOptions } from "./client-options.js";
import type { ExecutionOption } from "./execution-argument.js";
import { requireExecution, takeExecution, withExecutionOption } from "./execution-argument.js";
import { jsonInput } from "./json-input.js";

interface SendSignalOptions extends ClientOptions, ExecutionOption {
  payload?: string;
  payloadFile?: string;
  id?: string;
}

/** `eventual send signal <executionId> <signal>`, or `send signal <signal> --execution <id>`. */
export function sendCommand(): Command {
  const signal = withClientOptions(
    withExecutionOption(
      new Command("signal")
        .description("Send a signal to a running execution.")
        .argument("[executionId]", "the execution to signal (or --execution <id>)")
        .argument("[signal]", "the signal's name")
        .option("--payload <json>", "the signal's payload, as JSON")
        .option(
          "--payloadFile <path>",
          "read the payload's JSON from a file; - reads standard input",
        )
        .option("--id <id>", "a signal id: a second signal with the same id is ignored"),
    ),
  )
    .addHelpText(
      "after",
      `\nExample:\n  eventual send signal transfer~t-43 approve --payload '{"approver":"carol"}'`,
    )
    .action(
      async (first: string | undefined, second: string | undefined, options: SendSignalOptions) => {
        const taken = takeExecution([first, second], options.execution);
        const executionId = requireExecution(taken.executionId);
        const name = taken.rest[0];
        if (name === undefined) throw new UsageError("missing the signal's name.");
        const payload = await jsonInput(
          { flag: "--payload", value: options.payload },
          { flag: "--payloadFile", path: options.payloadFile },
        );
        await connect(options).sendSignal(executionId, name, payload, { id: options.id });
        if (options.json) printJson({});
        else printLine(`${out.green("Sent")} ${name} to ${executionId}`);
      },
    );
  return new Command("send").description("Send a signal.").addCommand(signal);
}
