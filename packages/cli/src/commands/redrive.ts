import { Command } from "commander";
import { out } from "../output/colors.js";
import { printJson, printLine } from "../output/format.js";
import type { ClientOptions } from "./client-options.js";
import { connect, withClientOptions } from "./client-options.js";

/** `eventual redrive <id>`: a dead letter's subscriber runs again, with fresh attempts. */
export function redriveCommand(): Command {
  return withClientOptions(
    new Command("redrive")
      .description("Redrive a dead letter: run its subscriber again, with fresh attempts.")
      .argument("<id>", "the dead letter's id, as eventual list dead-letters shows it"),
  )
    .addHelpText(
      "after",
      `
Exits 1 for an id that is not a dead letter (unknown, or already redriven).

Examples:
  eventual list dead-letters
  eventual list dead-letters --json | jq -r '.deadLetters[].id' | xargs -r -n1 eventual redrive`,
    )
    .action(async (id: string, options: ClientOptions) => {
      await connect(options).redriveDeadLetter(id);
      if (options.json) printJson({});
      else printLine(`${out.green("Redriven")} ${id}`);
    });
}
