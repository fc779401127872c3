import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { ServiceDescription } from "@eventual/core";

/** The `eventual` binary of the CLI this package depends on. */
function eventualBin(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("@eventual/cli/package.json")), "bin", "eventual.js");
}

/**
 * What the service at `entry` declares, read by `eventual describe` in a process of its own:
 * a construct is built synchronously, and a service module is an ES module (often TypeScript)
 * that only an asynchronous import can load.
 */
export function describeEntry(entry: string, cwd: string): ServiceDescription {
  try {
    const output = execFileSync(process.execPath, [eventualBin(), "describe", entry], {
      cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    return JSON.parse(output) as ServiceDescription;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(`Could not read what ${entry} declares: ${stderr || (error as Error).message}`);
  }
}
