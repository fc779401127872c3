import type { ClientConfig, PoolConfig } from "pg";
import pg from "pg";

/** How to reach the database: a connection string, or `pg`'s options with the pool's size. */
export type ConnectionOptions = string | (ClientConfig & { max?: number });

/**
 * BIGINT columns hold epoch milliseconds and identity ids, well inside a double's exact range;
 * `pg` would return them as strings.
 */
const types = new pg.TypeOverrides();
types.setTypeParser(pg.types.builtins.INT8, Number);

/**
 * Every statement the store sends finds its rows through an index. The queue-like tables
 * (activities, inbox, timers) gain and lose thousands of rows a second, and between two
 * autovacuum passes their statistics say "a few rows" while their pages fill with dead ones: the
 * planner then picks sequential scans that get slower by the second, and a plan cached early
 * keeps them. Discouraging sequential scans keeps the key lookups the statements are written for.
 * Set by a statement, not a startup option, so that poolers which refuse `options` pass it.
 */
const plannerSettings = "SET enable_seqscan = off";

/** `pg`'s settings for one connection: BIGINT as number, named in `pg_stat_activity`. */
export function clientConfig(connection: ConnectionOptions): ClientConfig {
  const config = typeof connection === "string" ? { connectionString: connection } : connection;
  return { application_name: "eventual", ...config, types };
}

/**
 * A pool whose connections pipeline their queries: a transaction sends its statements without
 * waiting for each answer, so a commit costs one round trip however many writes it holds.
 *
 * A connection that dies while idle (the database restarting) is dropped by the pool and reported
 * to `onError` rather than crashing the process; the next query opens a new one.
 */
export function openPool(
  connection: ConnectionOptions,
  onError: (error: Error) => void = () => {},
): pg.Pool {
  const config: PoolConfig = { max: 10, ...clientConfig(connection), pipeline: true };
  const pool = new pg.Pool(config);
  pool.on("error", onError);
  // Queued before any statement of whoever asked for the connection.
  pool.on("connect", (client) => void client.query(plannerSettings).catch(onError));
  return pool;
}

/** A connection taken from the pool; `release` returns it, or drops it if it broke meanwhile. */
export interface HeldConnection {
  client: pg.PoolClient;
  /** Returns the connection to the pool; with `broken`, or if it failed while held, drops it. */
  release(broken?: Error): void;
}

/**
 * Takes a connection from the pool for a series of statements. While held, its errors (the
 * database going away) are caught here, where nothing else listens: the statements in flight
 * reject, and the connection is dropped on release instead of crashing the process.
 */
export async function holdConnection(pool: pg.Pool): Promise<HeldConnection> {
  const client = await pool.connect();
  let failure: Error | undefined;
  const onError = (error: Error) => {
    failure = error;
  };
  client.on("error", onError);
  return {
    client,
    release(broken) {
      client.removeListener("error", onError);
      client.release(failure ?? broken);
    },
  };
}

/**
 * The server process ids of the pool's connections, kept current as connections come and go:
 * how a notification sent by this pool's own commits is told from another node's.
 */
export function backendsOf(pool: pg.Pool): ReadonlySet<number> {
  const backends = new Set<number>();
  const pid = (client: pg.PoolClient) => (client as { processID?: number }).processID;
  pool.on("connect", (client) => {
    const id = pid(client);
    if (id !== undefined) backends.add(id);
  });
  pool.on("remove", (client) => {
    const id = pid(client);
    if (id !== undefined) backends.delete(id);
  });
  return backends;
}
