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
  NodeRecord,
  Store,
  WorkflowTask,
  WriteGroup,
  WriteResult,
} from "@eventual/engine";
import { executionPage, noCrashes, readExecutionToken } from "@eventual/engine";
import type pg from "pg";
import { commitGroups } from "./commit.js";
import type { ConnectionOptions } from "./database.js";
import { backendsOf, clientConfig, openPool } from "./database.js";
import { fireDueTimers } from "./fire-timers.js";
import { migrate } from "./migrate.js";
import { anyTimerDue } from "./sql/any-timer-due.js";
import { claimActivityTasks } from "./sql/claim-activity-tasks.js";
import { claimDeliveries } from "./sql/claim-deliveries.js";
import { claimWorkflowTasks } from "./sql/claim-workflow-tasks.js";
import { getExecution } from "./sql/get-execution.js";
import { getHistory } from "./sql/get-history.js";
import { getLogs } from "./sql/get-logs.js";
import { listDeadLetters } from "./sql/list-dead-letters.js";
import { listExecutions } from "./sql/list-executions.js";
import { listNodes } from "./sql/list-nodes.js";
import { nextWakeTime } from "./sql/next-wake-time.js";
import { recordNode } from "./sql/record-node.js";
import { removeNode } from "./sql/remove-node.js";
import { transaction } from "./transaction.js";
import { notifyWork, WorkListener } from "./wakeups.js";

/** How to open a `PostgresStore`: `pg`'s connection settings, and these. */
export type PostgresStoreOptions = Exclude<ConnectionOptions, string> & {
  /** Connections in the pool; 10 unless set. */
  max?: number;
  /**
   * Commits an engine may have in flight at once, each on its own connection and started once the
   * one before has applied its writes; 2 unless set. More make each commit smaller: under load,
   * two carry the most steps per unit of database work.
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

  async commit(groups: WriteGroup[], whenApplied?: () => void): Promise<WriteResult[][]> {
    if (groups.every((group) => group.length === 0)) return groups.map(() => []);
    this.#crashPoint("commit.begin");
    const results = await commitGroups(this.#pool, groups, this.#crashPoint, whenApplied);
    this.#crashPoint("commit.end");
    return results;
  }

  claimWorkflowTasks(claim: Claim): Promise<WorkflowTask[]> {
    return claimWorkflowTasks(this.#pool, claim);
  }

  claimActivityTasks(claim: Claim): Promise<ActivityTask[]> {
    return claimActivityTasks(this.#pool, claim);
  }

  async fireDueTimers(now: number, limit: number): Promise<number> {
    if (!(await anyTimerDue(this.#pool, now))) return 0;
    return transaction(this.#pool, async (tx) => {
      const fired = await fireDueTimers(tx, now, limit);
      if (fired > 0) void tx.send(notifyWork);
      return fired;
    });
  }

  claimDeliveries(claim: Claim): Promise<DeliveryRecord[]> {
    return claimDeliveries(this.#pool, claim);
  }

  nextWakeTime(): Promise<number | undefined> {
    return nextWakeTime(this.#pool);
  }

  getExecution(executionId: string): Promise<ExecutionRecord | undefined> {
    return getExecution(this.#pool, executionId);
  }

  async listExecutions(query: ExecutionQuery) {
    const limit = query.limit ?? 100;
    const executions = await listExecutions(this.#pool, {
      workflow: query.workflow,
      status: query.status,
      held: query.held,
      after: readExecutionToken(query.nextToken),
      descending: query.order === "desc",
      limit: limit + 1,
    });
    return executionPage(executions, limit);
  }

  getHistory(executionId: string): Promise<HistoryEvent[]> {
    return getHistory(this.#pool, executionId);
  }

  getLogs(query: LogFilter): Promise<LogRecord[]> {
    return getLogs(this.#pool, query);
  }

  listDeadLetters(): Promise<DeliveryRecord[]> {
    return listDeadLetters(this.#pool);
  }

  recordNode(node: NodeRecord): Promise<void> {
    return recordNode(this.#pool, node);
  }

  listNodes(seenSince: number): Promise<NodeRecord[]> {
    return listNodes(this.#pool, seenSince);
  }

  removeNode(id: string): Promise<void> {
    return removeNode(this.#pool, id);
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
