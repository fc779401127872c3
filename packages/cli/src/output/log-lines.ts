import type { LogLine } from "@eventual/core";
import { out } from "./colors.js";
import { formatClock, printLine } from "./format.js";

const levelColours: Record<LogLine["level"], (text: string) => string> = {
  debug: out.dim,
  info: (text) => text,
  warn: out.yellow,
  error: out.red,
};

/**
 * `12:00:01.250 info  activity greet  greeting world`; a line of a service's logs also names its
 * execution: `12:00:01.250 info  transfer~t1 activity greet  greeting world`.
 */
export function logLine(line: LogLine): string {
  const level = levelColours[line.level] ?? String;
  const execution = line.executionId === undefined ? "" : `${line.executionId} `;
  const where = out.cyan(`${execution}${line.source}`);
  return `${out.dim(formatClock(line.time))} ${level(line.level.padEnd(5))} ${where}  ${line.message}`;
}

/**
 * Lines in the order they were written. A store keeps them in the order committed, and a step
 * commits its lines after an activity that ran meanwhile may have committed earlier ones; the
 * sort is stable, so lines of one moment keep the order stored.
 */
export function inTimeOrder(lines: LogLine[]): LogLine[] {
  return lines
    .map((line) => ({ line, time: Date.parse(line.time) }))
    .sort((a, b) => a.time - b.time)
    .map(({ line }) => line);
}

/** Prints lines in time order, or says there are none. */
export function printLogs(lines: LogLine[]): void {
  if (lines.length === 0) printLine(out.dim("No logs."));
  for (const line of inTimeOrder(lines)) printLine(logLine(line));
}
