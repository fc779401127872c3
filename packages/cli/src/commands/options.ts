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
