import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { percentile, round2 } from "./stats.js";
import type { StoreChoice } from "./stores.js";

/** Commits a three-step workflow needs at the least, one after another: start and three steps. */
export const commitsPerWorkflow = 4;
const samples = 200;
const warmup = 20;
const payload = JSON.stringify({ step: 1, value: "x".repeat(100) });

/**
 * The floor under `latency1`: the median time of four durable single-row commits in a row, on
 * the store's own disk or server, measured now, in this run. A workflow that runs one at a time
 * cannot answer sooner; measured beside it, a slow disk day shows as the disk's, not the engine's.
 */
export async function commitFloorMs(store: StoreChoice): Promise<number> {
  const commit = store.kind === "sqlite" ? await sqliteCommits() : await postgresCommits(store);
  try {
    for (let i = 0; i < warmup; i++) await commit.four();
    const times: number[] = [];
    for (let i = 0; i < samples; i++) {
      const start = performance.now();
      await commit.four();
      times.push(performance.now() - start);
    }
    return round2(percentile(times, 50));
  } finally {
    await commit.close();
  }
}

interface Commits {
  four(): Promise<void>;
  close(): Promise<void>;
}

/**
 * SQLite as the store opens it (one process holding the file, WAL, `synchronous=FULL`), in the
 * temp directory its stores use.
 */
async function sqliteCommits(): Promise<Commits> {
  const { default: Database } = await import("better-sqlite3");
  const dir = mkdtempSync(join(tmpdir(), "eventual-floor-"));
  const db = new Database(join(dir, "floor.db"));
  db.pragma("locking_mode = EXCLUSIVE");
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.exec("CREATE TABLE floor (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)");
  const insert = db.prepare("INSERT INTO floor (payload) VALUES (?)");
  return {
    four: async () => {
      for (let i = 0; i < commitsPerWorkflow; i++) insert.run(payload);
    },
    close: async () => {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** PostgreSQL: autocommitted inserts over one connection to the bench's server. */
async function postgresCommits(store: StoreChoice): Promise<Commits> {
  const { default: pg } = await import("pg");
  const fresh = await store.fresh();
  const client = new pg.Client({ connectionString: fresh.location });
  await client.connect();
  await client.query("CREATE TABLE floor (id bigserial PRIMARY KEY, payload text NOT NULL)");
  return {
    four: async () => {
      for (let i = 0; i < commitsPerWorkflow; i++) {
        await client.query("INSERT INTO floor (payload) VALUES ($1)", [payload]);
      }
    },
    close: async () => {
      await client.end();
      await fresh.dispose();
    },
  };
}
