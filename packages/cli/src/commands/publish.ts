import { Command } from "commander";
import { out } from "../output/colors.js";
import { printJson, printLine } from "../output/format.js";
import type { ClientOptions } from "./client-options.js";
import { connect, parseJsonOption, withClientOptions } from "./client-options.js";
import { readJsonText } from "./json-input.js";
import { repeatable } from "./options.js";

interface PublishOptions extends ClientOptions {
  event: string[];
  payload: string[];
  payloadFile: string[];
}

/** `eventual publish events <name> [--event JSON]...`. */
export function publishCommand(): Command {
  const events = withClientOptions(
    new Command("events")
      .description("Publish events of one type to the service's subscribers.")
      .argument("<name>", "the event's name")
      .option("--event <json>", "an event's payload, as JSON; repeat for several", repeatable, [])
      .option("--payload <json>", "the same as --event", repeatable, [])
      .option(
        "--payloadFile <path>",
        "read an event's payload from a JSON file; - reads standard input",
        repeatable,
        [],
      ),
  )
    .addHelpText(
      "after",
      `
Without --event, --payload or --payloadFile, publishes one event whose payload is {}.

Examples:
  eventual publish events TransferCompleted --event '{"transferId":"t-9","from":"alice","to":"bob","amount":5,"time":"2026-01-01T00:00:00Z"}'
  eventual publish events TransferCompleted --payloadFile completed.json`,
    )
    .action(async (name: string, options: PublishOptions) => {
      const payloads = await payloadsOf(options);
      await connect(options).publishEvents(payloads.map((event) => ({ name, event })));
      if (options.json) printJson({});
      else printLine(`${out.green("Published")} ${count(payloads.length, `${name} event`)}`);
    });
  return new Command("publish").description("Publish events.").addCommand(events);
}

/** Every payload given, in the order of the options' kinds: --event, --payload, --payloadFile. */
async function payloadsOf(options: PublishOptions): Promise<unknown[]> {
  const payloads = [
    ...options.event.map((text) => parseJsonOption("--event", text)),
    ...options.payload.map((text) => parseJsonOption("--payload", text)),
  ];
  for (const path of options.payloadFile) {
    const text = await readJsonText("--payloadFile", path);
    payloads.push(parseJsonOption(`--payloadFile ${path}`, text));
  }
  return payloads.length === 0 ? [{}] : payloads;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
