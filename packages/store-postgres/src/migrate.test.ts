import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../test/test-database.js";
import { openPool } from "./database.js";
import { bundledMigrations, migrate } from "./migrate.js";
import { PostgresStore } from "./postgres-store.js";

let database: TestDatabase;
const pools: pg.Pool[] = [];
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await Promise.all(pools.map((pool) => pool.end()));
  await database.drop();
});

/** A pool on a new, empty schema: a database no Eventual has touched. */
async function emptyDatabase(): Promise<{ config: pg.ClientConfig; pool: () => pg.Pool }> {
  const config = await database.freshSchema();
  return {
    config,
    pool: () => {
      const pool = openPool(config);
      pools.push(pool);
      return pool;
    },
  };
}

async function versions(pool: pg.Pool): Promise<number[]> {
  const { rows } = await pool.query("SELECT version FROM eventual_migrations ORDER BY version");
  return rows.map((row) => row.version);
}

const tableExists = async (pool: pg.Pool, name: string) =>
  (await pool.query("SELECT to_regclass($1) IS NOT NULL AS exists", [name])).rows[0].exists;

describe("migrate", () => {
  it("applies every bundled migration once, in order, and nothing the second time", async () => {
    const pool = (await emptyDatabase()).pool();
    const bundled = bundledMigrations().map((migration) => migration.version);
    expect(bundled[0]).toBe(1);
    expect(await migrate(pool)).toEqual(bundled);
    expect(await migrate(pool)).toEqual([]);
    expect(await versions(pool)).toEqual(bundled);
    expect(await tableExists(pool, "eventual_executions")).toBe(true);
  });

  it("applies only the migrations newer than the database", async () => {
    const pool = (await emptyDatabase()).pool();
    const [first] = bundledMigrations();
    const notes = {
      version: 2,
      name: "0002_notes.sql",
      sql: "CREATE TABLE eventual_notes (x TEXT)",
    };
    expect(await migrate(pool, [first!])).toEqual([1]);
    expect(await migrate(pool, [first!, notes])).toEqual([2]);
    expect(await tableExists(pool, "eventual_notes")).toBe(true);
  });

  it("rolls back a migration that fails, leaving the version where it was", async () => {
    const pool = (await emptyDatabase()).pool();
    const [first] = bundledMigrations();
    await migrate(pool, [first!]);
    const broken = {
      version: 2,
      name: "0002_broken.sql",
      sql: "CREATE TABLE eventual_x (a TEXT); SELECT nope FROM nowhere",
    };
    await expect(migrate(pool, [first!, broken])).rejects.toThrow(/"nowhere" does not exist/);
    expect(await versions(pool)).toEqual([1]);
    expect(await tableExists(pool, "eventual_x")).toBe(false);
  });

  it("refuses a database written by a newer Eventual, and so does PostgresStore.open", async () => {
    const { config, pool } = await emptyDatabase();
    const migrated = pool();
    await migrate(migrated);
    await migrated.query(
      "INSERT INTO eventual_migrations (version, name) VALUES (999, 'future.sql')",
    );
    const newer = /schema version 999, newer than this Eventual knows \(\d+\): upgrade Eventual/;
    await expect(migrate(migrated)).rejects.toThrow(newer);
    await expect(PostgresStore.open(config)).rejects.toThrow(newer);
  });

  it("applies each migration once when several nodes open the database at once", async () => {
    const { config, pool } = await emptyDatabase();
    const applied = await Promise.all(
      [pool(), pool(), pool(), pool()].map((node) => migrate(node)),
    );
    const bundled = bundledMigrations().map((migration) => migration.version);
    expect(applied.flat().sort((a, b) => a - b)).toEqual(bundled);
    const stores = await Promise.all([PostgresStore.open(config), PostgresStore.open(config)]);
    await Promise.all(stores.map((store) => store.close()));
    expect(await versions(pool())).toEqual(bundled);
  });
});
