import { RequestError, ServiceUnreachableError } from "@eventual/core";
import { Command, CommanderError, InvalidArgumentError } from "commander";
import { exitQuietlyOnClosedPipe } from "./closed-pipe.js";
import { CommandFailure } from "./command-failure.js";
import { cancelCommand } from "./commands/cancel.js";
import { checkCommand } from "./commands/check.js";
import { describeCommand } from "./commands/describe.js";
import { devCommand } from "./commands/dev.js";
import { getCommand } from "./commands/get.js";
import { listCommand } from "./commands/list.js";
import { publishCommand } from "./commands/publish.js";
import { redriveCommand } from "./commands/redrive.js";
import { releaseCommand } from "./commands/release.js";
import { replayCommand } from "./commands/replay.js";
import { sendCommand } from "./commands/send.js";
import { serveCommand } from "./commands/serve.js";
import { startCommand } from "./commands/start.js";
import { UsageError } from "./host/load-service.js";
import { err } from "./output/colors.js";

/**
 * The `eventual` command. Exit codes: 0 done, 1 the request or the service failed (or what the
 * command checked failed), 2 the command was called wrongly (unknown option, unparsable JSON).
 */
const program = new Command("eventual")
  .description("Run an Eventual service and drive it from the terminal.")
  .addCommand(devCommand())
  .addCommand(serveCommand())
  .addCommand(startCommand())
  .addCommand(listCommand())
  .addCommand(getCommand())
  .addCommand(sendCommand())
  .addCommand(cancelCommand())
  .addCommand(publishCommand())
  .addCommand(replayCommand())
  .addCommand(checkCommand())
  .addCommand(describeCommand())
  .addCommand(redriveCommand())
  .addCommand(releaseCommand())
  .addHelpText(
    "after",
    `
Every command but dev and serve talks to a running service: --url (default $EVENTUAL_URL or
http://localhost:3111), --api-key (default $EVENTUAL_API_KEY), --json for machine-readable output.
Exit codes: 0 done, 1 the request failed, 2 the command was called wrongly.

Examples:
  eventual dev src/index.ts
  eventual start workflow transfer --name t-42 --input '{"transferId":"t-42","from":"alice","to":"bob","amount":20}' --follow
  eventual list executions --status FAILED
  eventual get history transfer~t-42
  eventual replay execution transfer~t-42`,
  );

configureEverywhere(program);
exitQuietlyOnClosedPipe();

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = exitCodeOf(error);
}

/**
 * Commander does not pass settings on to commands added with `addCommand`: without this, a bad
 * option of a subcommand would print no hint and end the process with its own exit code 1.
 */
function configureEverywhere(command: Command): void {
  command
    .exitOverride()
    .showHelpAfterError(`(see: ${commandPath(command)} --help)`)
    .configureOutput({
      outputError: (text, write) => write(err.red(text.replace(/^error: /, "eventual: "))),
    });
  for (const sub of command.commands) configureEverywhere(sub);
}

function commandPath(command: Command): string {
  const names: string[] = [];
  for (let at: Command | null = command; at; at = at.parent) names.unshift(at.name());
  return names.join(" ");
}

function exitCodeOf(error: unknown): number {
  if (error instanceof CommanderError) {
    // Help and version are "errors" to commander; its message is already printed.
    return error.exitCode === 0 ? 0 : 2;
  }
  const usage = error instanceof UsageError || error instanceof InvalidArgumentError;
  const known = usage || error instanceof RequestError || error instanceof CommandFailure;
  // Anything else is a bug or a service module that threw: its name helps, its stack rarely does.
  const message =
    error instanceof Error
      ? known
        ? error.message
        : `${error.name}: ${error.message}`
      : String(error);
  console.error(err.red(`eventual: ${oneLine(withHint(error, message))}`));
  return usage ? 2 : 1;
}

/** A refused connection most often means nothing runs there yet: say what would start it. */
function withHint(error: unknown, message: string): string {
  if (!(error instanceof ServiceUnreachableError) || !message.includes("ECONNREFUSED")) {
    return message;
  }
  return `${message.replace(/\.$/, "")}; is the service running? start it with eventual dev`;
}

/** Some messages span lines (a schema's issues as indented JSON); the reason stays one line. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}
