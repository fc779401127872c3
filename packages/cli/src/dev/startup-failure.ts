import { join } from "node:path";
import type { DevOptions } from "./dev-options.js";
import { shortPath } from "./service-summary.js";

/** What the service's process tells `eventual dev` when it could not start. */
export interface StartupFailed {
  type: "failed";
  /** One line: what is wrong and what to do. */
  message: string;
  /** Whether the cause is the service's own code (its stack was printed), not the machine. */
  inCode: boolean;
}

/** What the service's process was doing when it failed. */
export type StartupPhase = "loading the service" | "opening the store" | "listening";

/**
 * Why the service could not start, in one line that says what to do: a port or a data file that
 * another process holds is named with the option that avoids it. Anything else is said as it is:
 * the service's own module failing to load (whose stack is worth seeing), or a store that cannot
 * be opened.
 */
export function startupFailure(
  error: unknown,
  options: DevOptions,
  phase: StartupPhase,
): StartupFailed {
  const failure = error as { code?: unknown; cause?: { code?: unknown } } | undefined;
  const code = failure?.code;
  const causeCode = failure?.cause?.code;
  if (code === "EADDRINUSE") {
    return failed(`port ${options.port} is in use; stop what uses it or pass --port`);
  }
  if (code === "EACCES" || code === "EADDRNOTAVAIL") {
    return failed(`cannot listen on port ${options.port} (${code}); pass another --port`);
  }
  if (causeCode === "SQLITE_BUSY" && options.db === undefined) {
    const file = shortPath(join(options.data, "eventual.db"));
    return failed(
      `${file} is in use by another process (another eventual dev?); stop it or pass --data`,
    );
  }
  const described = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  if (phase === "loading the service") {
    return { type: "failed", message: `the service could not start: ${described}`, inCode: true };
  }
  return failed(`the service could not start (${phase}): ${described}`);
}

function failed(message: string): StartupFailed {
  return { type: "failed", message, inCode: false };
}
