import type { ExecutionStatus, SerializedError } from "@eventual/core";
import { out } from "./colors.js";

const maxInlineJson = 60;

/** An ISO time as local `YYYY-MM-DD HH:MM:SS`, or `-` when there is none. */
export function formatTime(iso: string | undefined): string {
  if (iso === undefined) return "-";
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, "0");
  const date = `${time.getFullYear()}-${pad(time.getMonth() + 1)}-${pad(time.getDate())}`;
  return `${date} ${pad(time.getHours())}:${pad(time.getMinutes())}:${pad(time.getSeconds())}`;
}

/** An ISO time as the local time of day to the millisecond: `14:03:07.250`. */
export function formatClock(iso: string): string {
  const time = new Date(iso);
  if (Number.isNaN(time.getTime())) return iso;
  const millis = String(time.getMilliseconds()).padStart(3, "0");
  return `${time.toTimeString().slice(0, 8)}.${millis}`;
}

/** Milliseconds as a short duration: `850ms`, `1.2s`, `3m 05s`, `2h 10m`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const pad = (n: number) => String(n).padStart(2, "0");
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes}m ${pad(Math.floor((ms % 60_000) / 1000))}s`;
  return `${Math.floor(minutes / 60)}h ${pad(minutes % 60)}m`;
}

/** How long between two ISO times; to now while the second is missing. */
export function elapsed(startIso: string, endIso?: string): string {
  const end = endIso === undefined ? Date.now() : Date.parse(endIso);
  return formatDuration(end - Date.parse(startIso));
}

/** A value as one line of JSON; `undefined` shows as `-`. */
export function compactJson(value: unknown): string {
  if (value === undefined) return "-";
  return JSON.stringify(value) ?? String(value);
}

/** Compact JSON cut to fit a table cell. */
export function inlineJson(value: unknown, max = maxInlineJson): string {
  const text = compactJson(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** An error as `Name: message`. */
export function formatError(error: SerializedError): string {
  return `${error.name}: ${error.message}`;
}

const statusColors: Record<ExecutionStatus, (text: string) => string> = {
  IN_PROGRESS: out.cyan,
  SUCCEEDED: out.green,
  FAILED: out.red,
  CANCELLED: out.yellow,
};

/** An execution status, coloured by outcome where colour is on. */
export function formatStatus(status: ExecutionStatus, held?: SerializedError): string {
  const text = (statusColors[status] ?? String)(status);
  return held === undefined ? text : `${text} ${out.yellow("(held)")}`;
}

/** Writes one line to standard output. */
export function printLine(text = ""): void {
  process.stdout.write(`${text}\n`);
}

/** Writes the machine-readable answer: one JSON document on standard output. */
export function printJson(document: unknown): void {
  process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
}
