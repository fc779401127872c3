import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

/**
 * Brings every package's dist/ up to date before the tests run (`tsc -b` rebuilds only what
 * changed), so that the CLI processes the tests start run the code under test. A build that
 * fails is reported and the tests still run, on the sources and the last good dist/: `npm test`
 * has built (and failed on errors) before vitest starts.
 */
export default function buildPackages(): void {
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  try {
    execFileSync(process.execPath, [tsc, "-b", "tsconfig.build.json"], {
      cwd: fileURLToPath(new URL("..", import.meta.url)),
      stdio: "inherit",
    });
  } catch {
    console.error("\nThe packages did not build: processes the tests start run the last dist/.\n");
  }
}
