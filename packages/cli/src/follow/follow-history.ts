import type { Execution } from "@eventual/core";
import { err } from "../output/colors.js";
import { formatError, printLine } from "../output/format.js";
import type { DescribedEvent } from "../output/history-lines.js";
import { colourType, HistoryDescriber } from "../output/history-lines.js";
import { pollUntilEnded } from "./poll.js";
import type { FollowReads } from "./ride-out.js";

/**
 * Prints each history event of the execution as a line as it is recorded, until the execution
 * ends, and returns it as it ended. A hold (the code diverged from history) is said once, on
 * standard error: the execution waits for fixed code rather than failing.
 */
export async function followHistory(client: FollowReads, executionId: string): Promise<Execution> {
  const describer = new HistoryDescriber();
  let printed = 0;
  let holdReported = false;
  return pollUntilEnded(client, executionId, async (execution) => {
    const history = await client.getHistory(executionId);
    for (const event of history.slice(printed)) printLine(eventLine(describer.describe(event)));
    printed = history.length;
    if (execution.held && !holdReported) {
      holdReported = true;
      console.error(err.yellow(`held: ${formatError(execution.held)}`));
    }
  });
}

/** `   +1.0s  ActivitySucceeded   #1 charge → 8`: offset, type, then what happened. */
export function eventLine(event: DescribedEvent): string {
  const seq = event.seq === "" ? "" : `#${event.seq} `;
  return `${event.offset.padStart(8)}  ${colourType(event.type.padEnd(23))} ${seq}${event.details}`;
}
