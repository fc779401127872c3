import { InvalidArgumentError } from "commander";

/** Parses `--port`: an integer from 0 to 65535. */
export function portOption(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new InvalidArgumentError(`"${value}" is not a port number (0 to 65535).`);
  }
  return port;
}

/** Parses `--limit`: an integer from 1 to 1000, as the control API pages executions. */
export function limitOption(value: string): number {
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new InvalidArgumentError(`"${value}" is not a page size (1 to 1000).`);
  }
  return limit;
}

const statuses = ["IN_PROGRESS", "SUCCEEDED", "FAILED", "CANCELLED"] as const;

/** Parses `--status`, in any case: `failed` is `FAILED`. */
export function statusOption(value: string): (typeof statuses)[number] {
  const status = statuses.find((known) => known === value.toUpperCase());
  if (!status) {
    throw new InvalidArgumentError(`"${value}" is not a status (${statuses.join(", ")}).`);
  }
  return status;
}

/** Collects a repeatable option's values in the order given. */
export function repeatable(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Parses `--limit` of log lines: an integer from 1 to 10000, as the control API reads them. */
export function logLimitOption(value: string): number {
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) {
    throw new InvalidArgumentError(`"${value}" is not a number of lines (1 to 10000).`);
  }
  return limit;
}

const durationUnits: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parses `--since`: an ISO 8601 time (`2026-11-25T04:20:00Z`, or a date), or a duration before now
 * (`90s`, `10m`, `2h`, `1d`); answers an ISO time.
 */
export function sinceOption(value: string): string {
  return sinceAt(value, Date.now());
}

/** `sinceOption` as of `now`. */
export function sinceAt(value: string, now: number): string {
  const duration = /^(\d+(?:\.\d+)?)([smhd])$/.exec(value.trim());
  if (duration)
    return new Date(now - Number(duration[1]) * durationUnits[duration[2]!]!).toISOString();
  const time = /^\d{4}-\d\d-\d\d/.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) {
    throw new InvalidArgumentError(
      `"${value}" is neither a time (2026-11-25T04:20:00Z) nor a duration (10m, 2h, 1d).`,
    );
  }
  return new Date(time).toISOString();
}
