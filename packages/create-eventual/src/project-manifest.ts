/** The package.json of a new project. */
export interface ProjectManifest {
  name: string;
  private: true;
  version: string;
  type: "module";
  engines: { node: string };
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  allowScripts: Record<string, boolean>;
}

/**
 * The package.json of a new project: the Eventual packages at the release that created it, and
 * the tools its scripts run.
 */
export function projectManifest(name: string, eventualVersion: string): ProjectManifest {
  const eventual = `^${eventualVersion}`;
  return {
    name,
    private: true,
    version: "0.0.0",
    type: "module",
    engines: { node: ">=20" },
    scripts: {
      dev: "eventual dev",
      test: "vitest run",
      typecheck: "tsc --noEmit",
    },
    dependencies: {
      "@eventual/cli": eventual,
      "@eventual/core": eventual,
    },
    devDependencies: {
      "@eventual/store-sqlite": eventual,
      "@eventual/testing": eventual,
      "@types/node": "^20.19.43",
      typescript: "^5.9.3",
      vitest: "^4.1.12",
    },
    // The install scripts the project needs, approved so npm 11 neither warns nor asks: the
    // SQLite store's native module, and the compiler tsx and vitest run TypeScript with.
    allowScripts: { "better-sqlite3": true, esbuild: true },
  };
}

/** The names of every package the project depends on. */
export function dependencyNames(manifest: ProjectManifest): string[] {
  return [...Object.keys(manifest.dependencies), ...Object.keys(manifest.devDependencies)];
}
