import { existsSync, readFileSync, realpathSync } from "node:fs";
import { dirname, join, resolve, sep } from "node:path";
import type { App, ServiceSubscription } from "@eventual/core";
import { resolveEntry, UsageError } from "./resolve-entry.js";

/** One service of an app, where its code is on this machine. */
export interface ServicePlan {
  name: string;
  /** Absolute path of its module. */
  entry: string;
  /** The folder its own code is in: its package's, or its entry's when services share a package. */
  root: string;
  subscriptions: ServiceSubscription[];
}

/** An app file's services, resolved. */
export interface AppPlan {
  name: string;
  file: string;
  services: ServicePlan[];
}

/**
 * Resolves each service's entry (a path relative to the app file, or a package name) and the
 * folder that holds its own code.
 */
export function appPlan(app: App, file: string): AppPlan {
  if (app.services.length === 0) {
    throw new UsageError(`The app in ${file} has no services: add one with new Service(app, …).`);
  }
  const entries = app.services.map((service) => serviceEntry(service.entry, dirname(file)));
  const packages = entries.map(packageRoot);
  const services = app.services.map((service, index) => {
    const shared = packages.filter((root) => root === packages[index]).length > 1;
    return {
      name: service.name,
      entry: entries[index]!,
      root: shared ? dirname(entries[index]!) : packages[index]!,
      subscriptions: service.subscriptions,
    };
  });
  return { name: app.name, file, services };
}

/**
 * The folders whose declarations are not `service`'s: the other services' roots, but for one
 * that holds `service`'s own entry.
 */
export function otherServiceRoots(plan: AppPlan, service: ServicePlan): string[] {
  return plan.services
    .filter((other) => other !== service && !isInside(service.entry, other.root))
    .map((other) => other.root);
}

export function isInside(file: string, folder: string): boolean {
  return file.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

/** A service's module: a path relative to the app file, or a package's entry. */
function serviceEntry(entry: string, appDir: string): string {
  if (entry.startsWith(".") || entry.startsWith("/"))
    return realpathSync(resolveEntry(entry, appDir));
  const dir = packageDir(entry, appDir);
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as PackageManifest;
  const declared = entryOf(manifest);
  return realpathSync(declared ? resolve(dir, declared) : resolveEntry(undefined, dir));
}

interface PackageManifest {
  main?: string;
  exports?: string | Record<string, unknown>;
}

/** The module a package exports as `.`: a string, or its `import`/`default` condition. */
function entryOf(manifest: PackageManifest): string | undefined {
  const root =
    typeof manifest.exports === "object" && "." in manifest.exports
      ? manifest.exports["."]
      : manifest.exports;
  if (typeof root === "string") return root;
  if (root && typeof root === "object") {
    const conditions = root as Record<string, unknown>;
    for (const condition of ["import", "default"]) {
      if (typeof conditions[condition] === "string") return conditions[condition] as string;
    }
  }
  return manifest.main;
}

/** The folder of package `name` as Node finds it from `from`: node_modules, folder by folder up. */
function packageDir(name: string, from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) return realpathSync(candidate);
    if (dirname(dir) === dir) {
      throw new UsageError(
        `The service package ${name} is not installed where ${from} can import it.`,
      );
    }
  }
}

/** The folder of the nearest package.json above `file`, or the file's own folder. */
export function packageRoot(file: string): string {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json"))) return dir;
    if (dirname(dir) === dir) return dirname(file);
  }
}
