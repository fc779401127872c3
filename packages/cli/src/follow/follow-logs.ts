import type { LogLine } from "@eventual/core";
import { printLine } from "../output/format.js";
import { inTimeOrder, logLine } from "../output/log-lines.js";
import { pollUntilEnded } from "./poll.js";
import type { FollowReads } from "./ride-out.js";

/**
 * Prints the execution's log lines as they are written, until it ends (if `print`), and returns
 * them all. Lines are only ever appended, so the ones past the count printed so far are new;
 * each batch prints in time order.
 */
export async function followLogs(
  client: FollowReads,
  executionId: string,
  print: boolean,
): Promise<LogLine[]> {
  let logs: LogLine[] = [];
  await pollUntilEnded(client, executionId, async () => {
    const latest = await client.getLogs(executionId);
    if (print) for (const line of inTimeOrder(latest.slice(logs.length))) printLine(logLine(line));
    logs = latest;
  });
  return logs;
}
