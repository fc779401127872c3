import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const packages = fileURLToPath(new URL("../../packages/", import.meta.url));

/**
 * A stamp of the code the engine processes run: how many entries the packages' `dist` folders
 * hold and when the newest changed. Each scenario starts fresh processes, so a build in the
 * middle of a run (a test run's setup builds every package) would have later scenarios measure
 * other code than earlier ones; comparing stamps tells.
 *
 * @example
 * const before = builtCodeStamp();
 * // … a scenario runs …
 * if (builtCodeStamp() !== before) console.error("rebuilt during the run");
 */
export function builtCodeStamp(): string {
  let entries = 0;
  let newest = 0;
  for (const name of readdirSync(packages)) {
    const dist = join(packages, name, "dist");
    let names: string[];
    try {
      names = readdirSync(dist, { recursive: true }) as string[];
    } catch {
      continue; // a package without a build, such as the conformance suite's
    }
    for (const entry of names) {
      const { mtimeMs } = statSync(join(dist, entry));
      entries++;
      newest = Math.max(newest, mtimeMs);
    }
  }
  return `${entries} entries, newest ${new Date(newest).toISOString()}`;
}
