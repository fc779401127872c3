import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = new URL("..", import.meta.url).pathname;

interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  exports?: Record<string, string | Record<string, string>>;
  files?: string[];
  engines?: { node?: string };
  repository?: { url?: string; directory?: string };
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const read = (path: string): Manifest => JSON.parse(readFileSync(join(root, path), "utf8"));
const rootVersion = read("packages/core/package.json").version;
const workspace = readdirSync(join(root, "packages")).map((dir) => ({
  dir,
  manifest: read(`packages/${dir}/package.json`),
}));
const published = workspace.filter(({ manifest }) => manifest.private !== true);
const unpublished = workspace.filter(({ manifest }) => manifest.private === true);

describe("the published packages", () => {
  it("share one version, which the changelog describes", () => {
    expect(published.map(({ manifest }) => manifest.version)).toEqual(
      published.map(() => rootVersion),
    );
    expect(readFileSync(join(root, "CHANGELOG.md"), "utf8")).toContain(`## ${rootVersion}`);
  });

  it.each(published)(
    "$dir depends on the other packages at exactly that version",
    ({ manifest }) => {
      const ranges = { ...manifest.dependencies, ...manifest.peerDependencies };
      for (const [name, range] of Object.entries(ranges)) {
        if (name.startsWith("@eventual/")) expect(range, name).toBe(rootVersion);
      }
    },
  );

  it.each(published)(
    "$dir exports built JavaScript with declarations, a README and its metadata",
    ({ dir, manifest }) => {
      expect(manifest.engines?.node).toBe(">=20");
      expect(manifest.repository?.directory).toBe(`packages/${dir}`);
      expect(manifest.files).toContain("dist");
      expect(existsSync(join(root, "packages", dir, "README.md"))).toBe(true);
      for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
        if (typeof target === "string") continue; // ./package.json
        // Test support is exported to the workspace's own tests only, from source.
        if (target.import === undefined) {
          expect(Object.keys(target), subpath).toEqual(["@eventual/source"]);
          continue;
        }
        expect(Object.keys(target), subpath).toEqual(["@eventual/source", "types", "import"]);
        for (const file of [target.types!, target.import, target["@eventual/source"]!]) {
          expect(existsSync(join(root, "packages", dir, file)), `${subpath}: ${file}`).toBe(true);
        }
      }
    },
  );

  it("need no package that is not published", () => {
    const privateNames = unpublished.map(({ manifest }) => manifest.name);
    expect(privateNames).toEqual(["@eventual/store-conformance"]);
    for (const { dir, manifest } of published) {
      const ranges = { ...manifest.dependencies, ...manifest.peerDependencies };
      for (const name of privateNames) expect(Object.keys(ranges), dir).not.toContain(name);
    }
  });

  it("keep the engine to its main entry: the SQL stores share @eventual/store-sql", () => {
    expect(Object.keys(read("packages/engine/package.json").exports ?? {})).toEqual([
      ".",
      "./package.json",
    ]);
    for (const dir of ["store-sqlite", "store-postgres"]) {
      expect(read(`packages/${dir}/package.json`).dependencies, dir).toMatchObject({
        "@eventual/store-sql": rootVersion,
      });
    }
    // The engine is below every store: it never depends on what they share.
    const engine = read("packages/engine/package.json");
    expect(Object.keys(engine.dependencies ?? {})).not.toContain("@eventual/store-sql");
  });

  it("leave the SQLite store, and its native module, to the services that use it", () => {
    const cli = read("packages/cli/package.json");
    expect(Object.keys(cli.dependencies ?? {})).not.toContain("@eventual/store-sqlite");
    expect(Object.keys(cli.dependencies ?? {})).not.toContain("@eventual/store-postgres");
    const withBetterSqlite = published.filter(
      ({ manifest }) => manifest.dependencies?.["better-sqlite3"] !== undefined,
    );
    expect(withBetterSqlite.map(({ dir }) => dir)).toEqual(["store-sqlite"]);
  });
});

describe("the workspace's private packages", () => {
  it.each(unpublished)("$dir exports its source to the workspace's tests only", ({ manifest }) => {
    expect(manifest.files).toBeUndefined();
    for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
      if (typeof target === "string") continue; // ./package.json
      expect(Object.keys(target), subpath).toEqual(["@eventual/source"]);
    }
  });
});
