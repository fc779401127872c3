import { configDefaults, defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: [
      "packages/*/src/**/*.test.ts",
      "packages/*/test/**/*.test.ts",
      "examples/**/*.test.ts",
    ],
    // Shared suites (`*.case.test.ts`) run only through the files that import them.
    exclude: [...configDefaults.exclude, "**/*.case.test.ts"],
    testTimeout: 20_000,
    // One private PostgreSQL server for the run (or EVENTUAL_TEST_POSTGRES_URL's), for store-postgres.
    globalSetup: ["packages/store-postgres/test/global-setup.ts"],
  },
});
