import type {
  ActivityTask,
  Claim,
  CrashPoint,
  DeliveryRecord,
  ExecutionQuery,
  ExecutionRecord,
  HistoryEvent,
  LogFilter,
  LogRecord,
  Store,
  WorkflowTask,
  WriteGroup,
  WriteResult,
} from "@eventual/engine";
import { executionPage, noCrashes, readExecutionToken } from "@eventual/engine";
import type pg from "pg";
import * as claims from "./claim-statements.js";
import { commitGroups } from "./commit.js";
import type { ConnectionOptions } from "./database.js";
import { backendsOf, clientConfig, openPool } from "./database.js";
import { fireDueTimers } from "./fire-timers.js";
import { migrate } from "./migrate.js";
import * as reads from "./read-statements.js";
import type { ActivityRow, DeliveryRow, ExecutionRow, LogRow } from "./rows.js";
import { activityFromRow, deliveryFromRow, executionFromRow, logFromRow } from "./rows.js";
import { transaction } from "./transaction.js";
import { notifyWork, WorkListener } from "./wakeups.js";

/** How to open a `PostgresStore`: `pg`'s connection settings, and these. */
export type PostgresStoreOptions = Exclude<ConnectionOptions, string> & {
  /** Connections in the pool; 10 unless set. */
  max?: number;
  /**
   * Commits an engine may have in flight at once, each on its own connection; 2 unless set. More
   * make each commit smaller: under load, two carry the most steps per unit of database work.
   */
  concurrentCommits?: number;
  /**
   * Told of connection errors the store recovers from by itself: an idle pooled connection or
   * the wake-up listener dropped (the database restarting). Ignored unless set.
   */
  onError?: (error: Error) => void;
  /** For tests that stop the store on its commit path (see `CrashPoint`); never, by default. */
  crashPoint?: CrashPoint;
};

/**
 * The store for many nodes: one PostgreSQL database that any number of `eventual serve`
 * processes share. Work is claimed under leases with `FOR UPDATE SKIP LOCKED`, so no two nodes
 * hold the same task and a crashed node's work is claimed again once its lease ends. Every
 * `commit` is one transaction for all its groups; two nodes committing the same workflow task
 * queue on the execution's row lock and exactly one applies.
 *
 * Connections pipeline their statements, so a commit costs one round trip however many writes
 * it holds. A failed query rejects; the pool opens new connections once the database is back.
 *
 * @example
 * const store = await PostgresStore.open("postgres://eventual@db/eventual");
 * const engine = new Engine({ store });
 */
export class PostgresStore implements Store {
  readonly concurrentCommits: number;
  readonly #pool: pg.Pool;
  readonly #config: pg.ClientConfig;
  readonly #onError: (error: Error) => void;
  readonly #backends: ReadonlySet<number>;
  readonly #listeners = new Set<WorkListener>();
  readonly #crashPoint: CrashPoint;

  private constructor(
    pool: pg.Pool,
    backends: ReadonlySet<number>,
    config: pg.ClientConfig,
    onError: (error: Error) => void,
    concurrentCommits: number,
    crashPoint: CrashPoint,
  ) {
    this.concurrentCommits = concurrentCommits;
    this.#crashPoint = crashPoint;
    this.#pool = pool;
    this.#backends = backends;
    this.#config = config;
    this.#onError = onError;
  }

  /**
   * Connects and applies pending migrations, which nodes starting together apply once. Rejects
   * when the database cannot be reached or is at a schema newer than this Eventual.
   */
  static async open(connection: string | PostgresStoreOptions): Promise<PostgresStore> {
    const given: PostgresStoreOptions =
      typeof connection === "string" ? { connectionString: connection } : connection;
    const { onError = () => {}, concurrentCommits = 2, crashPoint = noCrashes, ...options } = given;
    const pool = openPool(options, onError);
    const backends = backendsOf(pool);
    try {
      await migrate(pool, undefined, crashPoint);
    } catch (error) {
      await pool.end();
      throw error;
    }
    const config = clientConfig(options);
    return new PostgresStore(pool, backends, config, onError, concurrentCommits, crashPoint);
  }

  async commit(groups: WriteGroup[]): Promise<WriteResult[][]> {
    if (groups.every((group) => group.length === 0)) return groups.map(() => []);
    this.#crashPoint("commit.begin");
    const results = await commitGroups(this.#pool, groups, this.#crashPoint);
    this.#crashPoint("commit.end");
    return results;
  }

  async claimWorkflowTasks(claim: Claim): Promise<WorkflowTask[]> {
    const { rows } = await this.#pool.query({
      ...claims.claimWorkflowTasks,
      values: [claim.now, claim.limit, claim.owner, claim.now + claim.leaseMs],
    });
    return rows.map((row: ExecutionRow & { inbox: WorkflowTask["inbox"] }) => ({
      execution: executionFromRow(row),
      inbox: row.inbox,
    }));
  }

  async claimActivityTasks(claim: Claim): Promise<ActivityTask[]> {
    const { rows } = await this.#pool.query({
      ...claims.claimActivityTasks,
      values: [claim.now, claim.limit, claim.owner, claim.now + claim.leaseMs],
    });
    return (rows as ActivityRow[]).map(activityFromRow);
  }

  async fireDueTimers(now: number, limit: number): Promise<number> {
    const { rows } = await this.#pool.query({ ...claims.anyTimerDue, values: [now] });
    if (!rows[0]?.due) return 0;
    return transaction(this.#pool, async (tx) => {
      const fired = await fireDueTimers(tx, now, limit);
      if (fired > 0) void tx.send(notifyWork);
      return fired;
    });
  }

  async claimDeliveries(claim: Claim): Promise<DeliveryRecord[]> {
    const { rows } = await this.#pool.query({
      ...claims.claimDeliveries,
      values: [claim.now, claim.limit, claim.owner, claim.now + claim.leaseMs],
    });
    return (rows as DeliveryRow[]).map(deliveryFromRow);
  }

  async nextWakeTime(): Promise<number | undefined> {
    const { rows } = await this.#pool.query({ ...claims.nextWakeTime, values: [] });
    return (rows[0]?.next as number | null) ?? undefined;
  }

  async getExecution(executionId: string): Promise<ExecutionRecord | undefined> {
    const { rows } = await this.#pool.query({ ...reads.getExecution, values: [executionId] });
    const [row] = rows as ExecutionRow[];
    return row && executionFromRow(row);
  }

  async listExecutions(query: ExecutionQuery) {
    const limit = query.limit ?? 100;
    const { statement, values } = reads.listExecutions({
      workflow: query.workflow,
      status: query.status,
      after: readExecutionToken(query.nextToken),
      descending: query.order === "desc",
      limit: limit + 1,
    });
    const { rows } = await this.#pool.query({ ...statement, values });
    return executionPage((rows as ExecutionRow[]).map(executionFromRow), limit);
  }

  async getHistory(executionId: string): Promise<HistoryEvent[]> {
    const { rows } = await this.#pool.query({ ...reads.historyOf, values: [executionId] });
    return rows.map((row: { event: string }) => JSON.parse(row.event));
  }

  async getLogs(query: LogFilter): Promise<LogRecord[]> {
    const limit = query.limit ?? null;
    const { rows } = await this.#pool.query(
      query.workflow !== undefined || query.since !== undefined
        ? {
            ...reads.filteredLogs,
            values: [limit, query.executionId ?? null, query.since ?? null, query.workflow ?? null],
          }
        : query.executionId === undefined
          ? { ...reads.latestLogs, values: [limit] }
          : { ...reads.latestLogsOf, values: [limit, query.executionId] },
    );
    return (rows as LogRow[]).reverse().map(logFromRow);
  }

  async listDeadLetters(): Promise<DeliveryRecord[]> {
    const { rows } = await this.#pool.query({ ...reads.deadLetters, values: [] });
    return (rows as DeliveryRow[]).map(deliveryFromRow);
  }

  /**
   * Listens for `NOTIFY eventual_work`, which every commit that makes work claimable sends, on a
   * connection of its own, and calls `onWake` for those other processes send. If that connection
   * drops, it reconnects and calls `onWake` once back.
   */
  async subscribeToWakeups(onWake: () => void): Promise<() => Promise<void>> {
    const listener = new WorkListener(this.#config, {
      onWake,
      onError: this.#onError,
      isOwn: (backend) => this.#backends.has(backend),
    });
    this.#listeners.add(listener);
    await listener.start();
    return async () => {
      this.#listeners.delete(listener);
      await listener.stop();
    };
  }

  async close(): Promise<void> {
    const listeners = [...this.#listeners];
    this.#listeners.clear();
    await Promise.all(listeners.map((listener) => listener.stop()));
    if (!this.#pool.ending) await this.#pool.end();
  }
}
