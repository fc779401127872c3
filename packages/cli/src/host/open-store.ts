import { join } from "node:path";
import type { Store } from "@eventual/engine";
import { UsageError } from "./load-service.js";

/** Where a host keeps its data: a PostgreSQL URL, or a folder for the SQLite file. */
export interface StoreLocation {
  /** `postgres://…`: many processes share it. */
  db?: string;
  /** The SQLite file's folder, used when there is no `db`. */
  data: string;
}

/**
 * How often a process on a shared store looks for work other processes committed, in ms: only a
 * fallback, since PostgreSQL notifies it.
 */
export const sharedStorePollMs = 2_000;

/** Whether other processes may write the store too, so that a loop must look now and then. */
export function isShared(location: StoreLocation): boolean {
  return location.db !== undefined;
}

/**
 * Opens the store a host runs on: PostgreSQL for a URL, else `eventual.db` in the data folder.
 *
 * @example
 * const store = await openStore({ db: process.env.EVENTUAL_DATABASE_URL, data: ".eventual" });
 */
export async function openStore(
  location: StoreLocation,
  onError: (error: Error) => void = () => {},
): Promise<{ store: Store; description: string }> {
  assertStoreUsable(location);
  // Loaded here: `eventual dev` checks a location before it needs the engine (and --help never).
  const { crashPointFromEnv } = await import("@eventual/engine");
  if (location.db === undefined) {
    const file = join(location.data, "eventual.db");
    const { SqliteStore } = await import("@eventual/store-sqlite");
    return {
      store: SqliteStore.open(file, { crashPoint: crashPointFromEnv() }),
      description: file,
    };
  }
  const { PostgresStore } = await import("@eventual/store-postgres");
  const crashPoint = crashPointFromEnv();
  const store = await PostgresStore.open({ connectionString: location.db, onError, crashPoint });
  return { store, description: redactPassword(location.db) };
}

/**
 * Refuses a location whose store cannot be opened here: a `--db` that is not a PostgreSQL URL, or
 * a store package that is not installed. Each store is a package of its own, installed by the
 * services that use it (the SQLite one builds a native module), so the CLI loads it only when
 * asked and names it when it is missing.
 */
export function assertStoreUsable(location: StoreLocation): void {
  if (location.db !== undefined && !/^postgres(ql)?:\/\//.test(location.db)) {
    throw new UsageError(`--db must be a postgres:// URL, got "${location.db}".`);
  }
  const [name, what] =
    location.db === undefined
      ? ["@eventual/store-sqlite", "SQLite"]
      : ["@eventual/store-postgres", "PostgreSQL"];
  try {
    import.meta.resolve(name);
  } catch {
    throw new UsageError(`Running on ${what} needs the package ${name}: npm install ${name}`);
  }
}

/** A connection URL fit to print: its password replaced. */
export function redactPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparsable URL)";
  }
}
