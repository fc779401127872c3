import type { Execution } from "@eventual/core";
import { CommandFailure } from "../command-failure.js";
import { out } from "../output/colors.js";
import { compactJson, elapsed, formatError, formatStatus, printLine } from "../output/format.js";

/** `SUCCEEDED in 1.2s`, then the result or the error in full: how a follow ends. */
export function printOutcome(execution: Execution): void {
  const took = elapsed(execution.startTime, execution.endTime);
  printLine(`${formatStatus(execution.status)} in ${took}`);
  if (execution.status === "SUCCEEDED") {
    printLine(`${out.dim("result")} ${compactJson(execution.result)}`);
  } else if (execution.error) {
    printLine(`${out.dim("error")}  ${out.red(formatError(execution.error))}`);
  }
}

/** A followed execution that did not succeed fails the command (exit 1), saying how it ended. */
export function assertSucceeded(execution: Execution): void {
  if (execution.status === "SUCCEEDED") return;
  const reason = execution.error ? `: ${formatError(execution.error)}` : "";
  throw new CommandFailure(`${execution.id} ${execution.status}${reason}`);
}
