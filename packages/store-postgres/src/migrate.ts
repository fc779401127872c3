import type { CrashPoint } from "@eventual/engine";
import { noCrashes } from "@eventual/engine";
import type { Migration } from "@eventual/store-sql/migrations";
import { readMigrations } from "@eventual/store-sql/migrations";
import type pg from "pg";
import { holdConnection } from "./database.js";

export type { Migration };

const migrationsDir = new URL("../migrations/", import.meta.url);

/** Held while migrating, so nodes starting together apply each migration once ("eventual"). */
const migrationLock = "7310597103279288684";

/** The migrations this package ships, in order. */
export function bundledMigrations(): Migration[] {
  return readMigrations(migrationsDir);
}

/**
 * Applies every migration newer than the database, each in its own transaction under an
 * advisory lock, so that nodes starting at once apply each migration exactly once and a failed
 * migration leaves the database at the version before it. Returns the versions applied.
 * Refuses a database written by a newer Eventual.
 */
export async function migrate(
  pool: pg.Pool,
  migrations = bundledMigrations(),
  crashPoint: CrashPoint = noCrashes,
): Promise<number[]> {
  const latest = migrations.at(-1)?.version ?? 0;
  const connection = await holdConnection(pool);
  const { client } = connection;
  const applied: number[] = [];
  try {
    for (;;) {
      const next = await inTransaction(client, async () => {
        const current = await lockedVersion(client);
        if (current > latest) {
          throw new Error(
            `This database is at schema version ${current}, newer than this Eventual knows (${latest}): upgrade Eventual.`,
          );
        }
        const migration = migrations.find((candidate) => candidate.version > current);
        if (migration) await apply(client, migration, crashPoint);
        return migration;
      });
      if (!next) return applied;
      applied.push(next.version);
    }
  } finally {
    connection.release();
  }
}

/** Takes the migration lock for this transaction and reads the schema version. */
async function lockedVersion(client: pg.PoolClient): Promise<number> {
  await client.query("SELECT pg_advisory_xact_lock($1::bigint)", [migrationLock]);
  await client.query(`CREATE TABLE IF NOT EXISTS eventual_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
  const { rows } = await client.query("SELECT MAX(version) AS version FROM eventual_migrations");
  return (rows[0]?.version as number | null) ?? 0;
}

async function apply(
  client: pg.PoolClient,
  migration: Migration,
  crashPoint: CrashPoint,
): Promise<void> {
  await client.query(migration.sql);
  crashPoint(`migrate.${migration.version}`);
  await client.query("INSERT INTO eventual_migrations (version, name) VALUES ($1, $2)", [
    migration.version,
    migration.name,
  ]);
}

async function inTransaction<T>(client: pg.PoolClient, work: () => Promise<T>): Promise<T> {
  await client.query("BEGIN");
  try {
    const value = await work();
    await client.query("COMMIT");
    return value;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  }
}
