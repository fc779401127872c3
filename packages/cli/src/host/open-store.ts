import { join } from "node:path";
import type { Store } from "@eventual/engine";
import { PostgresStore } from "@eventual/store-postgres";
import { SqliteStore } from "@eventual/store-sqlite";
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
  if (location.db === undefined) {
    const file = join(location.data, "eventual.db");
    return { store: SqliteStore.open(file), description: file };
  }
  if (!/^postgres(ql)?:\/\//.test(location.db)) {
    throw new UsageError(`--db must be a postgres:// URL, got "${location.db}".`);
  }
  const store = await PostgresStore.open({ connectionString: location.db, onError });
  return { store, description: redactPassword(location.db) };
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
