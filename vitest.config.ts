import { configDefaults, defineConfig } from "vitest/config";

/**
 * Inside the workspace, tests import every @eventual package from its TypeScript source; the
 * rest are Vite's own defaults for code that runs on Node.
 */
const conditions = ["@eventual/source", "module", "node", "development|production"];

export default defineConfig({
  ssr: { resolve: { conditions } },
  test: {
    include: [
      "packages/*/src/**/*.test.ts",
      "packages/ui/page/**/*.test.ts",
      "packages/*/test/**/*.test.ts",
      "packages/create-eventual/template/src/**/*.test.ts",
      "examples/**/*.test.ts",
      "test/**/*.test.ts",
    ],
    // Shared suites (`*.case.test.ts`) run only through the files that import them.
    // And nothing a CDK synth copied into its cdk.out (an image's build context holds the repo).
    exclude: [...configDefaults.exclude, "**/*.case.test.ts", "**/cdk.out/**"],
    // Catches a hang; never a measure of speed (these machines vary 2–4× from day to day).
    testTimeout: 60_000,
    globalSetup: [
      // The processes tests start (the `eventual` binary) run the built packages: build them.
      "test/build-packages.ts",
      // One private PostgreSQL server for the run (or EVENTUAL_TEST_POSTGRES_URL's), for store-postgres.
      "packages/store-postgres/test/global-setup.ts",
    ],
  },
});
