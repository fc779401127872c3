import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

const defaultEntries = ["src/index.ts", "index.ts", "src/index.js", "index.js"];

/** The entry to run: the one given, or the first of the usual places in `cwd`. */
export function resolveEntry(entry: string | undefined, cwd = process.cwd()): string {
  if (entry !== undefined) {
    const path = resolve(cwd, entry);
    if (!existsSync(path)) throw new UsageError(`The entry ${entry} does not exist.`);
    return path;
  }
  for (const candidate of defaultEntries) {
    const path = join(cwd, candidate);
    if (existsSync(path)) return path;
  }
  throw new UsageError(
    `No service entry given and none of ${defaultEntries.join(", ")} exists in ${cwd}.`,
  );
}

/** A mistake in how the command was called: exits with code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}
