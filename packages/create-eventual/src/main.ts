import { askProjectName } from "./ask-project-name.js";
import { CreateError } from "./create-error.js";
import { createProject } from "./create-project.js";
import { parseCommand } from "./parse-command.js";
import { usage } from "./usage.js";

// The command: reads the arguments, creates the project and turns a refusal into one line on
// standard error and an exit code (2: called wrongly, 1: could not be done).
try {
  const command = parseCommand(process.argv.slice(2), process.env.npm_config_user_agent);
  if (command.kind === "help") {
    process.stdout.write(usage);
  } else {
    await createProject({
      directory: command.directory ?? (await askDirectory()),
      packageManager: command.packageManager,
      install: command.install,
    });
  }
} catch (error) {
  console.error(`create-eventual: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = error instanceof CreateError ? error.exitCode : 1;
}

/** Asks for the directory on a terminal; anywhere else nobody could answer, so refuses. */
function askDirectory(): Promise<string> {
  if (!process.stdin.isTTY) {
    throw new CreateError(
      2,
      "No directory given; pass one, as in: npm create eventual@latest my-service",
    );
  }
  return askProjectName();
}
