import type { CrashPoint } from "@eventual/engine";
import { noCrashes } from "@eventual/engine";
import type { Migration } from "@eventual/store-sql/migrations";
import { readMigrations } from "@eventual/store-sql/migrations";
import type { Db } from "./database.js";

export type { Migration };

const migrationsDir = new URL("../migrations/", import.meta.url);

/** The migrations this package ships, in order. */
export function bundledMigrations(): Migration[] {
  return readMigrations(migrationsDir);
}

/**
 * Applies every migration newer than the database, each in its own immediate transaction, so two
 * processes opening the same file at once apply each migration exactly once. Returns the versions
 * applied. Refuses a database written by a newer Eventual.
 */
export function migrate(
  db: Db,
  migrations = bundledMigrations(),
  crashPoint: CrashPoint = noCrashes,
): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS eventual_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`);
  const current = () =>
    (db.prepare("SELECT MAX(version) AS v FROM eventual_migrations").get() as { v: number | null })
      .v ?? 0;
  const latest = migrations.at(-1)?.version ?? 0;
  if (current() > latest) {
    throw new Error(
      `This database is at schema version ${current()}, newer than this Eventual knows (${latest}): upgrade Eventual.`,
    );
  }
  const applied: number[] = [];
  for (const migration of migrations) {
    const apply = db.transaction(() => {
      if (current() >= migration.version) return;
      db.exec(migration.sql);
      crashPoint(`migrate.${migration.version}`);
      db.prepare(
        "INSERT INTO eventual_migrations (version, name, applied_at) VALUES (?, ?, ?)",
      ).run(migration.version, migration.name, new Date().toISOString());
      applied.push(migration.version);
    });
    apply.immediate();
  }
  return applied;
}
