import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL("..", import.meta.url));
const tsc = require.resolve("typescript/bin/tsc");
const vite = join(dirname(require.resolve("vite/package.json")), "bin/vite.js");

/**
 * Brings every package's dist/ up to date before the tests run (`tsc -b` rebuilds only what
 * changed; Vite builds the dashboard's page, in about a second), so that the CLI processes the
 * tests start run the code under test. A build that fails is reported and the tests still run,
 * on the sources and the last good dist/: `npm test` has built (and failed on errors) before
 * vitest starts.
 */
export default function buildPackages(): void {
  try {
    execFileSync(process.execPath, [tsc, "-b", "tsconfig.build.json"], {
      cwd: root,
      stdio: "inherit",
    });
    // As `npm run build` builds it: vitest's NODE_ENV=test would make Vite build for development.
    execFileSync(
      process.execPath,
      [vite, "build", "--config", "packages/ui/page/vite.config.ts", "--logLevel", "warn"],
      { cwd: root, stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } },
    );
  } catch {
    console.error("\nThe packages did not build: processes the tests start run the last dist/.\n");
  }
}
