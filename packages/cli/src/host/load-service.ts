import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { ServiceRegistry } from "@eventual/core/internal";
import { getRegistry } from "@eventual/core/internal";

/** A service module, imported: what it declared and what to call it. */
export interface LoadedService {
  name: string;
  entry: string;
  registry: ServiceRegistry;
}

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

/** Imports the service module (TypeScript runs as is) so that its declarations register. */
export async function loadService(entryPath: string): Promise<LoadedService> {
  if (!/\.[cm]?js$/.test(entryPath)) await loadTypeScript();
  await import(pathToFileURL(entryPath).href);
  return { name: serviceName(entryPath), entry: entryPath, registry: getRegistry() };
}

let typeScriptLoaded = false;

/**
 * Lets this process import TypeScript from here on (tsx's loader): only the service's modules
 * need it, Eventual's own are JavaScript, so it is registered just before the entry is imported.
 */
async function loadTypeScript(): Promise<void> {
  if (typeScriptLoaded) return;
  typeScriptLoaded = true;
  const { register } = await import("tsx/esm/api");
  register();
}

/** The name of the nearest package.json, or the entry's folder name. */
function serviceName(entryPath: string): string {
  for (let dir = dirname(entryPath); ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      const { name } = JSON.parse(readFileSync(manifest, "utf8")) as { name?: string };
      if (name) return name;
    }
    if (dirname(dir) === dir) return basename(dirname(entryPath));
  }
}

/** A mistake in how the command was called: exits with code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}
