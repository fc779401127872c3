import { Command, CommanderError, InvalidArgumentError } from "commander";
import pc from "picocolors";
import { devCommand } from "./commands/dev.js";
import { UsageError } from "./host/load-service.js";

/**
 * The `eventual` command. Exit codes: 0 done, 1 the request or the service failed, 2 the command
 * was called wrongly (unknown option, unparsable JSON).
 */
const program = new Command("eventual")
  .description("Run an Eventual service and drive it from the terminal.")
  .showHelpAfterError()
  .exitOverride();

program.addCommand(devCommand());

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = exitCodeOf(error);
}

function exitCodeOf(error: unknown): number {
  if (error instanceof CommanderError) {
    // Help and version are "errors" to commander; its message is already printed.
    return error.exitCode === 0 ? 0 : 2;
  }
  if (error instanceof UsageError || error instanceof InvalidArgumentError) {
    console.error(pc.red(`eventual: ${error.message}`));
    return 2;
  }
  console.error(pc.red(`eventual: ${error instanceof Error ? error.message : String(error)}`));
  return 1;
}
