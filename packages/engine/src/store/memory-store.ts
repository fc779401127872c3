import type { HistoryEvent, InputEvent } from "../history.js";
import { completionKey } from "../history.js";
import type { GuardWrite, Refusal } from "./apply-group.js";
import { applyGroup } from "./apply-group.js";
import type { ExecutionCursor } from "./page-token.js";
import { executionPage, readExecutionToken } from "./page-token.js";
import type {
  ActivityTask,
  Claim,
  DeliveryRecord,
  ExecutionQuery,
  ExecutionRecord,
  LogFilter,
  LogRecord,
  NodeRecord,
  Store,
  TimerRecord,
  WorkflowTask,
  Write,
  WriteGroup,
  WriteOf,
  WriteResult,
} from "./store.js";
import { nodeRowRetentionMs } from "./store.js";
import { firingWrite } from "./timer-firing.js";

interface Lease {
  owner?: string;
  leaseUntil?: number;
}

type StoredActivity = ActivityTask & Lease & { waiting?: boolean };
type StoredDelivery = DeliveryRecord & Lease;

/**
 * A store in memory, for tests and the TestEnvironment. Values are copied through JSON on the way
 * in, as a database would, so what comes back is what a durable store would return.
 */
export class MemoryStore implements Store {
  readonly #executions = new Map<string, ExecutionRecord>();
  readonly #history = new Map<string, HistoryEvent[]>();
  readonly #inbox = new Map<string, { id: number; event: InputEvent }[]>();
  readonly #inboxKeys = new Map<string, Set<string>>();
  readonly #taskLeases = new Map<string, Required<Lease>>();
  readonly #activities = new Map<string, StoredActivity>();
  readonly #timers = new Map<string, TimerRecord>();
  readonly #timersOf = new Map<string, Set<string>>();
  readonly #deliveries = new Map<string, StoredDelivery>();
  /** Events received from other services: their ids by source, each with when it was received. */
  readonly #received = new Map<string, Map<string, number>>();
  readonly #logs: LogRecord[] = [];
  readonly #nodes = new Map<string, NodeRecord>();
  #nextInboxId = 1;

  async commit(groups: WriteGroup[]): Promise<WriteResult[][]> {
    // Everything is copied as JSON when applied: a value that cannot be would throw halfway
    // through, so find it before anything changes, as a database's rollback would.
    JSON.stringify(groups);
    return groups.map((group) =>
      applyGroup(
        group,
        (write) => this.#refusal(write),
        (write) => this.#apply(write),
      ),
    );
  }

  #refusal(write: Write): Refusal | undefined {
    switch (write.type) {
      case "requireNewExecution":
        return this.#executions.has(write.executionId) ? "exists" : undefined;
      case "requireTask":
        return this.#taskHolds(write) ? undefined : "conflict";
      case "requireActivity":
        return this.#activities.has(activityKey(write.executionId, write.seq))
          ? undefined
          : "conflict";
      case "requireTimer":
        return this.#timers.has(write.id) ? undefined : "conflict";
      default:
        return undefined;
    }
  }

  #taskHolds(write: WriteOf<"requireTask">): boolean {
    const lease = this.#taskLeases.get(write.executionId);
    const execution = this.#executions.get(write.executionId);
    const leaseHolds =
      "owner" in write.lease
        ? lease?.owner === write.lease.owner
        : (lease === undefined || lease.leaseUntil <= write.lease.freeAt) &&
          !this.#inbox.has(write.executionId);
    return (
      leaseHolds &&
      execution?.historyLength === write.historyLength &&
      execution.status === "IN_PROGRESS"
    );
  }

  #apply(write: Exclude<Write, GuardWrite>): WriteResult {
    switch (write.type) {
      case "createExecution": {
        if (this.#executions.has(write.execution.id)) return "exists";
        this.#executions.set(write.execution.id, clone({ ...write.execution, historyLength: 0 }));
        this.#history.set(write.execution.id, []);
        this.#appendInbox(write.execution.id, write.started);
        for (const timer of write.timers ?? []) this.#setTimer(timer);
        return "created";
      }
      case "appendInbox":
        return this.#appendInbox(write.executionId, write.event, write.key);
      case "appendHistory":
        return this.#appendHistory(write);
      case "releaseWorkflowTask": {
        if (this.#taskLeases.get(write.executionId)?.owner !== write.owner) return "stale";
        this.#taskLeases.delete(write.executionId);
        return "ok";
      }
      case "setHold": {
        const execution = this.#executions.get(write.executionId);
        if (!execution?.held || execution.status !== "IN_PROGRESS") return "stale";
        const { historyLength } = write;
        if (historyLength !== undefined && execution.historyLength !== historyLength)
          return "stale";
        if (write.held) execution.held = clone(write.held);
        else delete execution.held;
        return "ok";
      }
      case "scheduleActivity": {
        const key = activityKey(write.task.executionId, write.task.seq);
        if (this.#activities.has(key)) return "duplicate";
        const target = this.#target(write.task.executionId);
        if (target !== "ok") return target;
        const task: StoredActivity = clone(write.task);
        if (write.claim)
          Object.assign(task, { owner: write.claim.owner, leaseUntil: write.claim.leaseUntil });
        this.#activities.set(key, task);
        for (const timer of write.timers ?? []) this.#setTimer(timer);
        return "ok";
      }
      case "startExecution":
        return this.#startExecution(write);
      case "moveTimer": {
        const timer = this.#timers.get(write.id);
        if (!timer) return "stale";
        timer.dueTime = write.dueTime;
        return "ok";
      }
      case "settleActivity":
        return this.#settleActivity(write.executionId, write.seq, write.event);
      case "removeActivity":
        return this.#removeActivity(write.executionId, write.seq) ? "ok" : "stale";
      case "retryActivity": {
        const retried = this.#retryActivity(write.executionId, write.seq, write.availableAt);
        if (retried === "ok" && write.event) {
          this.#appendInbox(write.executionId, write.event, write.key);
        }
        return retried;
      }
      case "awaitActivity":
        return this.#updateActivity(write.executionId, write.seq, (task) => {
          task.waiting = true;
          releaseLease(task);
        });
      case "heartbeatActivity":
        return this.#updateActivity(write.executionId, write.seq, () => {
          if (write.timer) this.#setTimer(write.timer);
        });
      case "setTimer": {
        const target = this.#target(write.timer.executionId);
        if (target === "ok") this.#setTimer(write.timer);
        return target;
      }
      case "deleteTimer":
        this.#deleteTimer(write.id);
        return "ok";
      case "createDeliveries":
        this.#createDeliveries(write.deliveries);
        return "ok";
      case "receiveEvent": {
        const received = this.#received.get(write.source) ?? new Map<string, number>();
        if (received.has(write.eventId)) return "duplicate";
        received.set(write.eventId, write.receivedAt);
        this.#received.set(write.source, received);
        this.#createDeliveries(write.deliveries);
        return "ok";
      }
      case "forgetReceivedEvents":
        for (const received of this.#received.values()) {
          for (const [id, at] of received) if (at < write.before) received.delete(id);
        }
        return "ok";
      case "completeDelivery":
        return this.#deliveries.delete(write.id) ? "ok" : "stale";
      case "retryDelivery":
        return this.#updateDelivery(write.id, (delivery) => {
          delivery.availableAt = write.availableAt;
          keepFailure(delivery, write);
        });
      case "deadLetterDelivery":
        return this.#updateDelivery(write.id, (delivery) => {
          delivery.dead = true;
          keepFailure(delivery, write);
        });
      case "redriveDelivery":
        // A live delivery is not a dead letter: redriving it would free it while it runs.
        if (!this.#deliveries.get(write.id)?.dead) return "stale";
        return this.#updateDelivery(write.id, (delivery) => {
          delete delivery.dead;
          delivery.attempt = 0;
          delivery.availableAt = write.availableAt;
        });
      case "appendLogs":
        this.#logs.push(...clone(write.logs));
        return "ok";
      case "renewLeases": {
        const leased = [
          ...write.activities.map((a) => this.#activities.get(activityKey(a.executionId, a.seq))),
          ...write.deliveries.map((id) => this.#deliveries.get(id)),
        ];
        for (const item of leased) {
          if (item?.owner === write.owner) item.leaseUntil = write.until;
        }
        return "ok";
      }
    }
  }

  /** Whether a write may add work to an execution: `ok` only while it runs. */
  #target(executionId: string): "ok" | "ended" | "not_found" {
    const execution = this.#executions.get(executionId);
    if (!execution) return "not_found";
    return execution.status === "IN_PROGRESS" ? "ok" : "ended";
  }

  #appendInbox(executionId: string, event: InputEvent, key?: string): WriteResult {
    const target = this.#target(executionId);
    if (target !== "ok") return target;
    if (key !== undefined && !this.#useInboxKey(executionId, key)) return "duplicate";
    const inbox = this.#inbox.get(executionId) ?? [];
    inbox.push({ id: this.#nextInboxId++, event: clone(event) });
    this.#inbox.set(executionId, inbox);
    return "ok";
  }

  /** Marks `key` used for the execution; false if it already was. */
  #useInboxKey(executionId: string, key: string): boolean {
    const keys = this.#inboxKeys.get(executionId) ?? new Set();
    if (keys.has(key)) return false;
    keys.add(key);
    this.#inboxKeys.set(executionId, keys);
    return true;
  }

  #appendHistory(write: WriteOf<"appendHistory">): WriteResult {
    const execution = this.#executions.get(write.executionId)!;
    this.#history.get(write.executionId)!.push(...clone(write.history));
    execution.historyLength += write.history.length;
    const consumed = new Set(write.consumed);
    const inbox = (this.#inbox.get(write.executionId) ?? []).filter((e) => !consumed.has(e.id));
    if (inbox.length > 0) this.#inbox.set(write.executionId, inbox);
    else this.#inbox.delete(write.executionId);
    this.#taskLeases.delete(write.executionId);
    if (write.held === null) delete execution.held;
    else if (write.held) execution.held = clone(write.held);
    if (write.ended) {
      Object.assign(execution, clone(write.ended));
      this.#forgetPendingWork(write.executionId);
    }
    return "ok";
  }

  /** An ended execution needs no more tasks, timers or inbox. */
  #forgetPendingWork(executionId: string): void {
    this.#inbox.delete(executionId);
    this.#inboxKeys.delete(executionId);
    for (const [key, task] of this.#activities) {
      if (task.executionId === executionId) this.#activities.delete(key);
    }
    for (const id of this.#timersOf.get(executionId) ?? []) this.#timers.delete(id);
    this.#timersOf.delete(executionId);
  }

  #settleActivity(executionId: string, seq: number, event: InputEvent): WriteResult {
    if (!this.#removeActivity(executionId, seq)) return "stale";
    const appended = this.#appendInbox(executionId, event, completionKey(seq));
    return appended === "duplicate" ? "stale" : "ok";
  }

  /** Removes the task and the timers that carry its `seq`; false if it was gone. */
  #removeActivity(executionId: string, seq: number): boolean {
    if (!this.#activities.delete(activityKey(executionId, seq))) return false;
    for (const id of this.#timersOf.get(executionId) ?? []) {
      if (this.#timers.get(id)?.activitySeq === seq) this.#deleteTimer(id);
    }
    return true;
  }

  #startExecution(write: WriteOf<"startExecution">): WriteResult {
    const { id } = write.execution;
    this.#executions.set(
      id,
      clone({ ...write.execution, ...write.ended, historyLength: write.history.length }),
    );
    this.#history.set(id, clone(write.history));
    for (const timer of write.timers ?? []) this.#setTimer(timer);
    return "created";
  }

  #retryActivity(executionId: string, seq: number, availableAt: number): WriteResult {
    return this.#updateActivity(executionId, seq, (task) => {
      task.availableAt = availableAt;
      task.waiting = false;
      releaseLease(task);
    });
  }

  #updateActivity(executionId: string, seq: number, update: (task: StoredActivity) => void) {
    const task = this.#activities.get(activityKey(executionId, seq));
    if (!task) return "stale";
    update(task);
    return "ok";
  }

  /** Stores deliveries, leaving one whose id exists unchanged. */
  #createDeliveries(deliveries: DeliveryRecord[]): void {
    for (const delivery of deliveries) {
      if (!this.#deliveries.has(delivery.id)) this.#deliveries.set(delivery.id, clone(delivery));
    }
  }

  #updateDelivery(id: string, update: (delivery: StoredDelivery) => void): WriteResult {
    const delivery = this.#deliveries.get(id);
    if (!delivery) return "stale";
    update(delivery);
    releaseLease(delivery);
    return "ok";
  }

  #setTimer(timer: TimerRecord): void {
    this.#timers.set(timer.id, clone(timer));
    const ids = this.#timersOf.get(timer.executionId) ?? new Set();
    ids.add(timer.id);
    this.#timersOf.set(timer.executionId, ids);
  }

  #deleteTimer(id: string): void {
    const timer = this.#timers.get(id);
    if (!timer) return;
    this.#timers.delete(id);
    this.#timersOf.get(timer.executionId)?.delete(id);
  }

  async claimWorkflowTasks(claim: Claim): Promise<WorkflowTask[]> {
    const tasks: WorkflowTask[] = [];
    const ready = [...this.#inbox].sort(([, a], [, b]) => a[0]!.id - b[0]!.id);
    for (const [executionId, inbox] of ready) {
      if (tasks.length >= claim.limit) break;
      const execution = this.#executions.get(executionId)!;
      if (execution.held || execution.status !== "IN_PROGRESS") continue;
      const lease = this.#taskLeases.get(executionId);
      if (lease && lease.leaseUntil > claim.now) continue;
      this.#taskLeases.set(executionId, {
        owner: claim.owner,
        leaseUntil: claim.now + claim.leaseMs,
      });
      tasks.push(clone({ execution, inbox }));
    }
    return tasks;
  }

  async claimActivityTasks(claim: Claim): Promise<ActivityTask[]> {
    const due = [...this.#activities.values()]
      .filter((t) => !t.waiting && t.availableAt <= claim.now && isFree(t, claim.now))
      .sort((a, b) => a.availableAt - b.availableAt)
      .slice(0, claim.limit);
    return due.map((task) => {
      task.attempt++;
      takeLease(task, claim);
      const { owner, leaseUntil, waiting, ...record } = task;
      return clone(record);
    });
  }

  async fireDueTimers(now: number, limit: number): Promise<number> {
    const due = [...this.#timers.values()]
      .filter((t) => t.dueTime <= now)
      .sort((a, b) => a.dueTime - b.dueTime);
    let fired = 0;
    for (const timer of due) {
      if (fired >= limit) break;
      // An earlier timer in this batch may have settled this one's activity, deleting it.
      if (!this.#timers.has(timer.id)) continue;
      fired++;
      this.#deleteTimer(timer.id);
      this.#apply(firingWrite(timer, now));
    }
    return fired;
  }

  async claimDeliveries(claim: Claim): Promise<DeliveryRecord[]> {
    const due = [...this.#deliveries.values()]
      .filter((d) => !d.dead && d.availableAt <= claim.now && isFree(d, claim.now))
      .sort((a, b) => a.availableAt - b.availableAt)
      .slice(0, claim.limit);
    return due.map((delivery) => {
      delivery.attempt++;
      takeLease(delivery, claim);
      const { owner, leaseUntil, ...record } = delivery;
      return clone(record);
    });
  }

  async nextWakeTime(): Promise<number | undefined> {
    const times: number[] = [];
    for (const timer of this.#timers.values()) times.push(timer.dueTime);
    for (const task of this.#activities.values()) {
      if (!task.waiting) times.push(task.leaseUntil ?? task.availableAt);
    }
    for (const delivery of this.#deliveries.values()) {
      if (!delivery.dead) times.push(delivery.leaseUntil ?? delivery.availableAt);
    }
    for (const [executionId, lease] of this.#taskLeases) {
      if (this.#inbox.has(executionId)) times.push(lease.leaseUntil);
    }
    for (const executionId of this.#inbox.keys()) {
      if (!this.#taskLeases.has(executionId) && !this.#executions.get(executionId)?.held) {
        times.push(0);
      }
    }
    return times.length > 0 ? Math.min(...times) : undefined;
  }

  async getExecution(executionId: string): Promise<ExecutionRecord | undefined> {
    const execution = this.#executions.get(executionId);
    return execution && clone(execution);
  }

  async listExecutions(query: ExecutionQuery) {
    const descending = query.order === "desc";
    const cursor = readExecutionToken(query.nextToken);
    const sortKey = (e: ExecutionCursor) => `${e.startTime}\u0000${e.id}`;
    const after = cursor && sortKey(cursor);
    const matching = [...this.#executions.values()]
      .filter((e) => !query.workflow || e.workflowName === query.workflow)
      .filter((e) => !query.status || e.status === query.status)
      .filter((e) => query.held === undefined || (e.held !== undefined) === query.held)
      .filter((e) => !after || (descending ? sortKey(e) < after : sortKey(e) > after))
      .sort((a, b) => compareCodeUnits(sortKey(a), sortKey(b)) * (descending ? -1 : 1));
    return clone(executionPage(matching, query.limit ?? 100));
  }

  async getHistory(executionId: string): Promise<HistoryEvent[]> {
    return clone(this.#history.get(executionId) ?? []);
  }

  async getLogs(query: LogFilter): Promise<LogRecord[]> {
    const ofWorkflow = (l: LogRecord) =>
      l.executionId !== undefined &&
      this.#executions.get(l.executionId)?.workflowName === query.workflow;
    const logs = this.#logs.filter(
      (l) =>
        (!query.executionId || l.executionId === query.executionId) &&
        (query.workflow === undefined || ofWorkflow(l)) &&
        (query.since === undefined || l.time >= query.since),
    );
    const limit = query.limit ?? logs.length;
    return clone(limit > 0 ? logs.slice(-limit) : []);
  }

  async listDeadLetters(): Promise<DeliveryRecord[]> {
    return [...this.#deliveries.values()]
      .filter((d) => d.dead)
      .map(({ owner, leaseUntil, ...record }) => clone(record));
  }

  async recordNode(node: NodeRecord): Promise<void> {
    this.#nodes.set(node.id, clone(node));
    for (const [id, other] of this.#nodes) {
      if (other.seenAt < node.seenAt - nodeRowRetentionMs) this.#nodes.delete(id);
    }
  }

  async listNodes(seenSince: number): Promise<NodeRecord[]> {
    const nodes = [...this.#nodes.values()]
      .filter((node) => node.seenAt >= seenSince)
      .sort((a, b) => a.startedAt - b.startedAt || compareCodeUnits(a.id, b.id));
    return clone(nodes);
  }

  async removeNode(id: string): Promise<void> {
    this.#nodes.delete(id);
  }

  async close(): Promise<void> {}
}

function activityKey(executionId: string, seq: number): string {
  return `${executionId}\u0000${seq}`;
}

/** Orders strings as `<` does (and SQL's binary collation), not by locale as `localeCompare`. */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function isFree(item: Lease, now: number): boolean {
  return item.leaseUntil === undefined || item.leaseUntil <= now;
}

function takeLease(item: Lease, claim: Claim): void {
  item.owner = claim.owner;
  item.leaseUntil = claim.now + claim.leaseMs;
}

function releaseLease(item: Lease): void {
  delete item.owner;
  delete item.leaseUntil;
}

/** A failed attempt's error and stack, in place of the last one's (whose stack it may lack). */
function keepFailure(
  delivery: DeliveryRecord,
  failure: WriteOf<"retryDelivery" | "deadLetterDelivery">,
): void {
  delivery.lastError = clone(failure.error);
  if (failure.stack === undefined) delete delivery.lastStack;
  else delivery.lastStack = failure.stack;
}

function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}
