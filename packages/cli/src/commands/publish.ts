import { Command } from "commander";
import { out } from "../output/colors.js";
import { printJson, printLine } from "../output/format.js";
import type { ClientOptions } from "./client-options.js";
import { connect, parseJsonOption, withClientOptions } from "./client-options.js";
import { repeatable } from "./options.js";

interface PublishOptions extends ClientOptions {
  event: string[];
}

/** `eventual publish events <name> [--event JSON]...`. */
export function publishCommand(): Command {
  const events = withClientOptions(
    new Command("events")
      .description("Publish events of one type to the service's subscribers.")
      .argument("<name>", "the event's name")
      .option("--event <json>", "an event's payload, as JSON; repeat for several", repeatable, []),
  )
    .addHelpText(
      "after",
      `
Without --event, publishes one event whose payload is {}.

Example:
  eventual publish events Deposited --event '{"accountId":"alice","amount":5}' --event '{"accountId":"bob","amount":7}'`,
    )
    .action(async (name: string, options: PublishOptions) => {
      const payloads =
        options.event.length === 0
          ? [{}]
          : options.event.map((text) => parseJsonOption("--event", text));
      await connect(options).publishEvents(payloads.map((event) => ({ name, event })));
      if (options.json) printJson({});
      else printLine(`${out.green("Published")} ${count(payloads.length, `${name} event`)}`);
    });
  return new Command("publish").description("Publish events.").addCommand(events);
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
