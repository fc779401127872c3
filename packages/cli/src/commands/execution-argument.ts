import type { Command } from "commander";
import { UsageError } from "../host/load-service.js";

/** What a command that names an execution was given: its positional arguments and `--execution`. */
export interface ExecutionOption {
  execution?: string;
}

/**
 * Adds `--execution <id>` to a command that also takes the id as an argument: the spelling of the
 * original Eventual CLI, kept beside the positional one.
 */
export function withExecutionOption(command: Command): Command {
  return command.option("--execution <id>", "the execution's id (or give it as an argument)");
}

/**
 * The execution a command is about, from `--execution` or from the first of `args` (the optional
 * positional arguments in order), and the arguments that remain once it is taken. Giving it both
 * ways, or not at all when `required`, is a usage error.
 */
export function takeExecution(
  args: (string | undefined)[],
  option: string | undefined,
): { executionId: string | undefined; rest: (string | undefined)[] } {
  if (option === undefined) return { executionId: args[0], rest: args.slice(1) };
  if (args.at(-1) !== undefined) {
    throw new UsageError(
      "the execution was given twice: as an argument and as --execution; give it once.",
    );
  }
  // With --execution, the positional arguments that follow the id move up one place.
  return { executionId: option, rest: args.slice(0, -1) };
}

/** The execution's id, or the usage error that says how to give it. */
export function requireExecution(executionId: string | undefined): string {
  if (executionId === undefined) {
    throw new UsageError(
      "missing the execution: give its id as an argument or as --execution <id>.",
    );
  }
  return executionId;
}
