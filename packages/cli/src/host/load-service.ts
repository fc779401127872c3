import { existsSync, readFileSync, realpathSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { App } from "@eventual/core";
import type { ServiceRegistry } from "@eventual/core/internal";
import { getRegistry, ownDeclarations } from "@eventual/core/internal";
import { type AppPlan, appPlan, isInside, otherServiceRoots, packageRoot } from "./app-plan.js";

import { UsageError } from "./resolve-entry.js";

export { resolveEntry, UsageError } from "./resolve-entry.js";

/** A service module, imported: what it declared and what to call it. */
export interface LoadedService {
  name: string;
  entry: string;
  registry: ServiceRegistry;
  /** When the module is an app file: its services, and no declarations of its own. */
  app?: AppPlan;
}

/** How to load a service that is one of an app's. */
export interface LoadOptions {
  /** Its name in the app. */
  name?: string;
  /** Folders of the app's other services, whose declarations are not this service's. */
  exclude?: readonly string[];
}

/**
 * Imports the service module (TypeScript runs as is) so that its declarations register. Of an
 * app's service, only what its own files declare counts: another service's module it imports
 * for its events brings no workflow, activity, route or subscriber along. A module that exports
 * an `App` is an app file.
 */
export async function loadService(
  entryPath: string,
  options: LoadOptions = {},
): Promise<LoadedService> {
  if (!/\.[cm]?js$/.test(entryPath)) await loadTypeScript();
  const module = (await import(pathToFileURL(entryPath).href)) as Record<string, unknown>;
  const name = options.name ?? serviceName(entryPath);
  const app = Object.values(module).find((value): value is App => value instanceof App);
  if (app) return { name, entry: entryPath, registry: getRegistry(), app: appPlan(app, entryPath) };
  const registry = ownDeclarations(getRegistry(), owner(entryPath, options.exclude));
  return { name, entry: entryPath, registry };
}

/**
 * The service at `entry`: the module itself, or of an app file the service `service` names,
 * with only its own declarations, and the app's plan.
 */
export async function loadEntryService(
  entry: string,
  service?: string,
): Promise<{ service: LoadedService; plan?: AppPlan }> {
  const loaded = await loadService(entry);
  if (!loaded.app) {
    if (service !== undefined) {
      throw new UsageError(`--service ${service}: ${entry} is a service, not an app file.`);
    }
    return { service: loaded };
  }
  const plan = loaded.app;
  const names = plan.services.map((planned) => planned.name);
  if (service === undefined) {
    throw new UsageError(
      `${entry} is an app file: pick its service with --service (${names.join(", ")}).`,
    );
  }
  const planned = plan.services.find((candidate) => candidate.name === service);
  if (!planned) {
    throw new UsageError(
      `The app ${plan.name} has no service "${service}"; its services: ${names.join(", ")}.`,
    );
  }
  const own = await loadService(planned.entry, {
    name: planned.name,
    exclude: otherServiceRoots(plan, planned),
  });
  return { service: own, plan };
}

/**
 * Which declaring files are the service's own. Of an app's service: all but those in the other
 * services' folders. Of a module alone: those of its own package, since another package it
 * imports (another service's, for its events) brings its declarations but is not this service.
 */
function owner(entry: string, exclude?: readonly string[]): (file: string) => boolean {
  if (exclude) return (file) => !exclude.some((root) => isInside(file, root));
  const own = packageRoot(realpathSync(entry));
  const roots = new Map<string, string>();
  return (file) => {
    const folder = dirname(file);
    let root = roots.get(folder);
    if (root === undefined) {
      root = packageRoot(file);
      roots.set(folder, root);
    }
    return root === own;
  };
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
