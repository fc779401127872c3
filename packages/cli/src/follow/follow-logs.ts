import type { EventualServiceClient, LogLine } from "@eventual/core";
import { out } from "../output/colors.js";
import { formatClock, printLine } from "../output/format.js";
import { pollUntilEnded } from "./poll.js";

/**
 * Prints the execution's log lines as they are written, until it ends (if `print`), and returns
 * them all. Lines are only ever appended, so the ones past the count printed so far are new.
 */
export async function followLogs(
  client: EventualServiceClient,
  executionId: string,
  print: boolean,
): Promise<LogLine[]> {
  let logs: LogLine[] = [];
  await pollUntilEnded(client, executionId, async () => {
    const latest = await client.getLogs(executionId);
    if (print) for (const line of latest.slice(logs.length)) printLine(logLine(line));
    logs = latest;
  });
  return logs;
}

const levelColours: Record<LogLine["level"], (text: string) => string> = {
  debug: out.dim,
  info: (text) => text,
  warn: out.yellow,
  error: out.red,
};

/** `12:00:01.250 info  activity greet  greeting world`. */
export function logLine(line: LogLine): string {
  const level = levelColours[line.level] ?? String;
  const where = out.cyan(line.source);
  return `${out.dim(formatClock(line.time))} ${level(line.level.padEnd(5))} ${where}  ${line.message}`;
}
