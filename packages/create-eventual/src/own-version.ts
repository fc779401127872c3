import { readFileSync } from "node:fs";

/**
 * The version of this package, read when we run rather than compiled in, so that a project pins
 * the Eventual release it was created by: `npm create eventual@0.3.1` gives `^0.3.1`.
 */
export function ownVersion(): string {
  const manifest: unknown = JSON.parse(
    readFileSync(new URL("../package.json", import.meta.url), "utf8"),
  );
  const version = (manifest as { version?: unknown }).version;
  if (typeof version !== "string")
    throw new Error("create-eventual's package.json has no version.");
  return version;
}
