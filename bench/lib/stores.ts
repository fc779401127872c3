import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Store } from "@eventual/engine";

/** The store a benchmark runs on. */
export type StoreKind = "sqlite" | "postgres";

/** A fresh, empty store for one scenario's host, and how to remove it afterwards. */
export interface FreshStore {
  /** Where it is: the SQLite file, or the PostgreSQL database's URL. */
  location: string;
  /** The arguments that point bench/host.ts at it. */
  hostArgs: string[];
  dispose(): Promise<void>;
}

/** A store the benchmark can run on: how its commits are made durable, and fresh instances. */
export interface StoreChoice {
  kind: StoreKind;
  /** The durability setting every figure was measured under; never relaxed for speed. */
  durability: string;
  fresh(): Promise<FreshStore>;
  /**
   * The process of the store's server, whose tree (its backends, its WAL writer) works for the
   * engine and so counts in its CPU; undefined for an embedded store, or a server on another
   * machine, whose CPU this one cannot see.
   */
  serverPid(): Promise<number | undefined>;
}

/** The variable that names a PostgreSQL server the benchmark may create and drop databases on. */
export const postgresUrlVariable = "EVENTUAL_BENCH_POSTGRES_URL";

/**
 * The store named on the command line, or the reason it cannot run here (a message for the
 * user, who then sees the run skipped rather than a stack trace).
 */
export async function chooseStore(kind: StoreKind): Promise<StoreChoice | { unavailable: string }> {
  if (kind === "sqlite") return sqlite;
  const url = process.env[postgresUrlVariable];
  if (!packageInstalled("@eventual/store-postgres")) {
    return {
      unavailable: "the @eventual/store-postgres package is not installed in this checkout",
    };
  }
  if (!url) {
    return {
      unavailable: `no PostgreSQL server given: set ${postgresUrlVariable}=postgres://user@host:port/db (a role that may create databases; each scenario gets a fresh one, dropped after)`,
    };
  }
  return {
    kind: "postgres",
    // As the server is configured, not as we hope: a relaxed server would show here.
    durability: `synchronous_commit=${await query(url, "SHOW synchronous_commit")}`,
    fresh: () => freshDatabase(url),
    serverPid: () => postmasterPid(url),
  };
}

/** SQLite: one new file in a temp directory per scenario, WAL with `synchronous=FULL`. */
const sqlite: StoreChoice = {
  kind: "sqlite",
  durability: "synchronous=FULL",
  async fresh() {
    const dir = mkdtempSync(join(tmpdir(), "eventual-bench-"));
    const file = join(dir, "eventual.db");
    return {
      location: file,
      hostArgs: ["--sqlite", file],
      dispose: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
  serverPid: async () => undefined,
};

/**
 * Opens, in this process, the store of `kind` at `location` (a fresh store's). Each store's
 * package is imported only here, so a run loads the one it uses and the runner neither.
 */
export async function openStore(kind: StoreKind, location: string): Promise<Store> {
  if (kind === "sqlite") {
    const { SqliteStore } = await import("@eventual/store-sqlite");
    return SqliteStore.open(location);
  }
  const { PostgresStore } = await import("@eventual/store-postgres");
  return PostgresStore.open(location);
}

/** PostgreSQL: one new database per scenario on the given server, dropped after it. */
async function freshDatabase(serverUrl: string): Promise<FreshStore> {
  const name = `eventual_bench_${process.pid}_${Date.now().toString(36)}`;
  await query(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    location: url.href,
    hostArgs: ["--postgres", url.href],
    dispose: async () => {
      await query(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/**
 * The PostgreSQL server's main process: the parent of a backend, when that is on this machine,
 * read while the backend lives (it exits as its connection closes).
 */
function postmasterPid(serverUrl: string): Promise<number | undefined> {
  return query(serverUrl, "SELECT pg_backend_pid()", (backend) => parentPid(Number(backend)));
}

function parentPid(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return undefined;
  }
}

/**
 * Runs one statement on its own connection: the first column of the first row, as `read` takes
 * it before the connection closes.
 */
async function query<T = unknown>(
  serverUrl: string,
  statement: string,
  read: (value: unknown) => T = (value) => value as T,
): Promise<T> {
  // Imported only here, so a SQLite run needs no pg.
  const { default: pg } = await import("pg");
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rows } = await client.query({ text: statement, rowMode: "array" });
    return read(rows[0]?.[0]);
  } finally {
    await client.end();
  }
}

function packageInstalled(name: string): boolean {
  try {
    // Its manifest: the package's own entry has only an `import` condition, which require lacks.
    createRequire(import.meta.url).resolve(`${name}/package.json`);
    return true;
  } catch {
    return false;
  }
}
