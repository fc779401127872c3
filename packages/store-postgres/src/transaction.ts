import type pg from "pg";
import { holdConnection } from "./database.js";

/** PostgreSQL's answers that say "run the whole transaction again": deadlock, serialization. */
const retryableCodes = new Set(["40P01", "40001"]);
/** "The transaction was already aborted by an earlier statement": never the cause itself. */
const abortedCode = "25P02";
const attempts = 5;

/**
 * One transaction on a pipelined connection. Statements are sent as they are queued, without
 * waiting for the ones before: `run` returns a promise that settles when its answer arrives,
 * and the transaction's outcome is known only when `transaction` resolves.
 */
export class Transaction {
  readonly #client: pg.PoolClient;
  readonly #sent: Promise<unknown>[] = [];

  constructor(client: pg.PoolClient) {
    this.#client = client;
  }

  /** Sends a query (see `bind`); its rows, mapped by `read`, once the answer arrives. */
  run<T = pg.QueryResult>(
    query: pg.QueryConfig,
    read: (result: pg.QueryResult) => T = (result) => result as T,
  ): Promise<T> {
    return this.#track(this.#client.query(query).then(read));
  }

  /** Sends a statement with no parameters, such as `NOTIFY`. */
  send(sql: string): Promise<unknown> {
    return this.#track(this.#client.query(sql));
  }

  /**
   * Makes `settle` wait for `reaction` too: work done with an answer (such as recording it) that
   * must be over when the transaction is. `reaction` handles its own failure.
   */
  waitFor(reaction: Promise<void>): void {
    this.#sent.push(reaction);
  }

  #track<T>(promise: Promise<T>): Promise<T> {
    // Settled all together by `settle`: a failure is reported there, never as unhandled.
    promise.catch(() => {});
    this.#sent.push(promise);
    return promise;
  }

  /** Calls `then` once every statement sent so far has been answered, whatever the answers. */
  whenAnswered(then: () => void): void {
    void Promise.allSettled(this.#sent).then(then);
  }

  /** Waits for every answer; throws the error that aborted the transaction, if one did. */
  async settle(): Promise<void> {
    const outcomes = await Promise.allSettled(this.#sent);
    const errors = outcomes.flatMap((outcome) =>
      outcome.status === "rejected" ? [outcome.reason as { code?: string }] : [],
    );
    const cause = errors.find((error) => error.code !== abortedCode) ?? errors[0];
    if (cause) throw cause;
  }
}

/**
 * Runs `body` in a transaction on a connection of `pool` and commits it. `body` may await
 * answers it needs to decide what to send next; statements it only queues are pipelined behind
 * them with the `COMMIT`. A deadlock or serialization failure runs it again, a few times.
 *
 * What `body` returns may hold promises of `Transaction.run`: they have all settled, successfully,
 * by the time this resolves. `beforeCommit` is called when the first attempt's statements have
 * all been answered and only its `COMMIT` (the flush) remains.
 */
export async function transaction<T>(
  pool: pg.Pool,
  body: (tx: Transaction) => Promise<T> | T,
  beforeCommit?: () => void,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await attemptTransaction(pool, body, attempt === 1 ? beforeCommit : undefined);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (attempt >= attempts || code === undefined || !retryableCodes.has(code)) throw error;
    }
  }
}

async function attemptTransaction<T>(
  pool: pg.Pool,
  body: (tx: Transaction) => Promise<T> | T,
  beforeCommit?: () => void,
): Promise<T> {
  const connection = await holdConnection(pool);
  const { client } = connection;
  const tx = new Transaction(client);
  let broken: Error | undefined;
  try {
    coalesceWrites(client);
    void tx.send("BEGIN");
    const value = await body(tx);
    if (beforeCommit) tx.whenAnswered(beforeCommit);
    void tx.send("COMMIT");
    await tx.settle();
    return value;
  } catch (error) {
    // A failed statement turned the COMMIT into a rollback; otherwise `body` threw mid-way.
    await tx.settle().catch(() => {});
    broken = await client.query("ROLLBACK").then(
      () => undefined,
      (lost: Error) => lost,
    );
    throw error;
  } finally {
    connection.release(broken);
  }
}

/**
 * Holds the connection's writes until the end of this tick, so that every statement queued
 * synchronously (a whole commit, usually) leaves in one system call rather than one per message.
 */
function coalesceWrites(client: pg.PoolClient): void {
  const socket = (
    client as unknown as {
      connection?: { stream?: NodeJS.WritableStream & { cork?(): void; uncork?(): void } };
    }
  ).connection?.stream;
  if (!socket?.cork || !socket.uncork) return;
  socket.cork();
  process.nextTick(() => socket.uncork!());
}
