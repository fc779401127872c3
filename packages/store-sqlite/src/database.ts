import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";

/** A better-sqlite3 connection. */
export type Db = Database.Database;

/**
 * Opens the database file with the settings Eventual's durability rests on: WAL, so readers never
 * block the writer, and `synchronous=FULL`, so a commit is on disk before it is acknowledged.
 */
export function openDatabase(
  path: string,
  options: { exclusive?: boolean; busyTimeoutMs?: number } = {},
): Db {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  // The constructor's timeout already applies to the first access, the journal mode below.
  const db = new Database(path, { timeout: options.busyTimeoutMs ?? 5000 });
  // Before the first access, so that WAL needs no shared memory and no other process gets in.
  if (options.exclusive) db.pragma("locking_mode = EXCLUSIVE");
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  return db;
}
