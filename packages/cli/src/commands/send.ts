import { Command } from "commander";
import { out } from "../output/colors.js";
import { printJson, printLine } from "../output/format.js";
import type { ClientOptions } from "./client-options.js";
import { connect, parseJsonOption, withClientOptions } from "./client-options.js";

interface SendSignalOptions extends ClientOptions {
  payload?: string;
  id?: string;
}

/** `eventual send signal <executionId> <signal>`. */
export function sendCommand(): Command {
  const signal = withClientOptions(
    new Command("signal")
      .description("Send a signal to a running execution.")
      .argument("<executionId>", "the execution to signal")
      .argument("<signal>", "the signal's name")
      .option("--payload <json>", "the signal's payload, as JSON")
      .option("--id <id>", "a signal id: a second signal with the same id is ignored"),
  )
    .addHelpText(
      "after",
      `\nExample:\n  eventual send signal transfer~t-42 approve --payload '{"approver":"carol"}'`,
    )
    .action(async (executionId: string, name: string, options: SendSignalOptions) => {
      const payload =
        options.payload === undefined ? undefined : parseJsonOption("--payload", options.payload);
      await connect(options).sendSignal(executionId, name, payload, { id: options.id });
      if (options.json) printJson({});
      else printLine(`${out.green("Sent")} ${name} to ${executionId}`);
    });
  return new Command("send").description("Send a signal.").addCommand(signal);
}
