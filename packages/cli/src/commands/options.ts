import { InvalidArgumentError } from "commander";

/** Parses `--port`: an integer from 0 to 65535. */
export function portOption(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new InvalidArgumentError(`"${value}" is not a port number (0 to 65535).`);
  }
  return port;
}
