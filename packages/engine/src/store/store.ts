import type { Execution, SerializedError } from "@eventual/core";
import type { ActivityPolicy } from "@eventual/core/internal";
import type { ActivityRetrying, HistoryEvent, InputEvent, WorkflowStarted } from "../history.js";

/**
 * Where the engine keeps everything durable. Small on purpose: claims (each its own transaction,
 * taking a lease), one `commit` of write groups (one transaction for many groups, so a store can
 * group-commit), and reads. Every store passes the conformance suite of the workspace's
 * `@eventual/store-conformance` (packages/store-conformance).
 *
 * Times are epoch milliseconds passed in by the engine: a store never reads a clock. Values are
 * kept as JSON: what a read returns equals `JSON.parse(JSON.stringify(written))` (a `Date` comes
 * back as its ISO string, `undefined` properties vanish) and shares no object with the caller.
 *
 * A lease (`Claim`) lasts until `now + leaseMs`; the work is claimable again once a claim's `now`
 * reaches that time, by any owner.
 */
export interface Store {
  /**
   * Applies groups in one transaction, groups in order and each group's writes in order (a write
   * sees the ones before it), and returns one result per write, grouped as given.
   *
   * A group is all-or-nothing, and led by its guards, writes that change nothing but must hold
   * for the group to apply: `requireNewExecution`, `requireTask`, `requireActivity` and
   * `requireTimer`. Every guard of a group is checked before any of its writes applies; if one
   * fails, the whole group is rolled back and every one of its results is that guard's refusal,
   * `exists` for `requireNewExecution` and `conflict` for the others; other groups still apply.
   *
   * A store that runs commits side by side (`concurrentCommits`) calls `whenApplied`, once,
   * when the transaction's writes have been applied and only its durable commit remains: the
   * engine starts its next commit then, so that one commit's writes overlap the other's flush
   * rather than its writes.
   */
  commit(groups: WriteGroup[], whenApplied?: () => void): Promise<WriteResult[][]>;

  /**
   * Leases running, unheld, unleased executions that have inbox entries, at most `limit`, ordered
   * by the id of their first waiting entry; each comes with all its waiting entries in id order.
   */
  claimWorkflowTasks(claim: Claim): Promise<WorkflowTask[]>;
  /**
   * Leases activity tasks with `availableAt <= now` that are neither leased nor awaiting an
   * outside completion, earliest `availableAt` first, at most `limit`. Each claim adds one to
   * `attempt`, so a task re-claimed after its worker crashed comes back as the next attempt.
   */
  claimActivityTasks(claim: Claim): Promise<ActivityTask[]>;
  /**
   * Fires timers with `dueTime <= now`, earliest first, at most `limit`, in one transaction, and
   * returns how many fired. Firing removes the timer and appends its event, stamped with `now`, to
   * the inbox under the timer's key (a key already used adds nothing). A timer with `activitySeq`
   * instead settles that activity as `settleActivity` does, and adds nothing if the task is gone;
   * a timer removed by an earlier one in the same call does not fire.
   */
  fireDueTimers(now: number, limit: number): Promise<number>;
  /**
   * Leases deliveries with `availableAt <= now` that are neither leased nor dead, earliest
   * `availableAt` first, at most `limit`; each claim adds one to `attempt`.
   */
  claimDeliveries(claim: Claim): Promise<DeliveryRecord[]>;
  /**
   * The earliest time at which work becomes claimable: a timer's `dueTime`, an activity's or a
   * delivery's `availableAt` (its lease's end while leased), a leased execution's lease end while
   * it has inbox entries, and for an unleased, unheld execution with inbox entries a time no later
   * than any `now` (0 will do). Awaiting activities and dead letters make no work. `undefined`
   * when nothing is pending.
   */
  nextWakeTime(): Promise<number | undefined>;

  /** The execution, or `undefined` for an unknown id. */
  getExecution(executionId: string): Promise<ExecutionRecord | undefined>;
  /**
   * Executions ordered by `startTime`, then by `id` in code unit order (SQL's binary collation;
   * `COLLATE "C"` on PostgreSQL), ascending unless `order` is `desc`. `nextToken` is present only
   * when more executions match; a token this store did not issue throws `InvalidPageToken`.
   */
  listExecutions(
    query: ExecutionQuery,
  ): Promise<{ executions: ExecutionRecord[]; nextToken?: string }>;
  /** The execution's history in order; empty for an unknown id. */
  getHistory(executionId: string): Promise<HistoryEvent[]>;
  /**
   * Logs in the order appended; with `limit`, the latest `limit` of them, oldest first. Only those
   * of `executionId`, of executions of `workflow`, and with `time >= since`, when given.
   */
  getLogs(query: LogFilter): Promise<LogRecord[]>;
  /** Deliveries that ran out of attempts, each with `dead: true` and its `lastError`. */
  listDeadLetters(): Promise<DeliveryRecord[]>;

  /**
   * Records that a node is up: inserts it, or replaces every field of the one with its id (a
   * live engine calls this every few seconds with a later `seenAt`). Since a node whose process
   * died without `removeNode` leaves its row behind, the same call also deletes the nodes whose
   * `seenAt` is more than `nodeRowRetentionMs` (1 hour) before `node.seenAt`: a store whose nodes
   * come and go for months keeps only the recent ones, with no housekeeping job of its own.
   */
  recordNode(node: NodeRecord): Promise<void>;
  /**
   * The nodes with `seenAt >= seenSince`, ordered by `startedAt`, then by `id` in code unit
   * order. Older rows are those of nodes that stopped recording themselves: stale, not up.
   */
  listNodes(seenSince: number): Promise<NodeRecord[]>;
  /**
   * Removes the node with this id, if there is one: a node that stops says so at once, rather
   * than being listed until its last `seenAt` is too old.
   */
  removeNode(id: string): Promise<void>;

  /**
   * Calls `onWake` whenever another process commits work that may be claimable here (PostgreSQL's
   * LISTEN/NOTIFY), so a live engine need not poll for it; resolves with a function that stops.
   * A store whose only writer is this process has nothing to tell, and leaves it out.
   */
  subscribeToWakeups?(onWake: () => void): Promise<() => Promise<void>>;

  /**
   * How many `commit`s may run at once (default 1), each started once the one before it has
   * called `whenApplied` or ended. Commits in flight together may land in either order; every
   * guard still holds, since each is checked inside its own transaction.
   */
  readonly concurrentCommits?: number;

  close(): Promise<void>;
}

export interface Claim {
  owner: string;
  now: number;
  leaseMs: number;
  limit: number;
}

/**
 * A node: one engine taking work from the store, as `Engine.start()` runs it (an `eventual
 * serve` process; many share one PostgreSQL database). It records itself every few seconds, so
 * that whoever reads the store can tell which nodes are up; a node whose process died without
 * removing itself stops being seen, and its row goes stale. Times are epoch milliseconds.
 */
export interface NodeRecord {
  /** The engine's owner, which names it in the leases it takes. */
  id: string;
  /** The machine it runs on (`os.hostname()`). */
  host: string;
  /** Its process id on that machine. */
  pid: number;
  /** When it started taking work. */
  startedAt: number;
  /** When it last recorded itself. */
  seenAt: number;
}

/**
 * How long before a recorded node's `seenAt` the rows of other nodes are kept: older ones belong
 * to processes that died without removing themselves, and `recordNode` deletes them.
 */
export const nodeRowRetentionMs = 60 * 60 * 1000;

/** An execution as stored. */
export interface ExecutionRecord extends Execution {
  name: string;
  /** The parent's `seq` for this child, to report the result back. */
  parentSeq?: number;
  historyLength: number;
}

export interface InboxEntry {
  /** Increases in commit order within a store. */
  id: number;
  event: InputEvent;
}

export interface WorkflowTask {
  execution: ExecutionRecord;
  inbox: InboxEntry[];
}

export interface ActivityTask {
  executionId: string;
  seq: number;
  name: string;
  args: unknown[];
  workflowName: string;
  policy: ActivityPolicy;
  /** 0 until first claimed; each claim adds one. */
  attempt: number;
  scheduledTime: number;
  availableAt: number;
}

/** A timer: at `dueTime` it appends `event` (stamped with the firing time) to the inbox. */
export interface TimerRecord {
  id: string;
  executionId: string;
  dueTime: number;
  event: DistributiveOmit<InputEvent, "timestamp">;
  /** Dedupe key of the inbox event. */
  key?: string;
  /** Fires only while this activity task exists, and removes it: an activity timeout. */
  activitySeq?: number;
  /**
   * With `activitySeq`: instead of settling the task with `event`, firing retries it as
   * `retryActivity` does, claimable this many milliseconds later (an attempt that stopped
   * heartbeating, with attempts left). The task's other timers stay. When `event` is an
   * `ActivityRetrying`, it is that retry's `event`, under `key`; any other event (timers stored
   * before failed attempts were recorded carry an `ActivityTimedOut`) is appended nowhere.
   */
  retryAfterMs?: number;
}

export interface DeliveryRecord {
  id: string;
  subscription: string;
  eventName: string;
  event: unknown;
  /** 0 until first claimed; each claim adds one. */
  attempt: number;
  availableAt: number;
  publishedAt: number;
  lastError?: SerializedError;
  /** Where the last attempt threw, down to the subscriber's code, when its error had a stack. */
  lastStack?: string;
  /** `true` for a dead letter; absent otherwise. */
  dead?: boolean;
  /** The execution whose workflow published the event, if one did: its subscriber's logs join it. */
  executionId?: string;
}

/** A line of `console` output captured from service code. */
export interface LogRecord {
  /** The execution it belongs to; absent for a subscriber of an event published from outside. */
  executionId?: string;
  /** What wrote it: `workflow`, `activity <name>` or `subscription <name>`. */
  source: string;
  time: number;
  level: LogLevel;
  message: string;
}

export type LogLevel = "debug" | "info" | "warn" | "error";

/** Which logs `getLogs` reads; every field narrows it. */
export interface LogFilter {
  executionId?: string;
  /** Logs of executions of this workflow (by the executions' `workflowName`). */
  workflow?: string;
  /** Logs with `time >= since` (epoch milliseconds). */
  since?: number;
  limit?: number;
}

export interface ExecutionQuery {
  workflow?: string;
  status?: Execution["status"];
  /** Only executions that are held (`true`) or that are not (`false`). */
  held?: boolean;
  limit?: number;
  nextToken?: string;
  order?: "asc" | "desc";
}

export type WriteGroup = Write[];

/** The write of kind `K`. */
export type WriteOf<K extends Write["type"]> = Extract<Write, { type: K }>;

export type Write =
  /** Creates an execution, its `WorkflowStarted` inbox event and its timers: `created`. If the id
   * exists, even for an execution that has ended, nothing changes: `exists`. */
  | {
      type: "createExecution";
      execution: ExecutionRecord;
      started: WorkflowStarted;
      timers?: TimerRecord[];
    }
  /** Appends to a running execution's inbox. A `key` is remembered for the execution's life, even
   * after its entry was consumed, so reusing it is a `duplicate` that adds nothing. */
  | { type: "appendInbox"; executionId: string; event: InputEvent; key?: string }
  /**
   * A guard (see `commit`): the execution is running with `historyLength` events of history,
   * and its workflow task is this one's. A claimed task's: `owner` still holds the lease (an
   * expired lease that nobody claimed since still counts). A task run without a claim, where the
   * event it applies happened (`freeAt`): nobody holds a live lease at that time and the inbox is
   * empty. `ok` when it holds.
   */
  | {
      type: "requireTask";
      executionId: string;
      historyLength: number;
      lease: { owner: string } | { freeAt: number };
    }
  /** A guard: the activity task exists (its removal keeps a completion from applying twice). */
  | { type: "requireActivity"; executionId: string; seq: number }
  /** A guard: the execution's timer exists (its removal keeps a firing from applying twice). */
  | { type: "requireTimer"; executionId: string; id: string }
  /**
   * Records a workflow step after its `requireTask`: appends `history` at position
   * `historyLength`, removes the `consumed` inbox entries only and releases the lease. `ended`
   * also drops the execution's activity tasks, timers and inbox. `ok`.
   */
  | {
      type: "appendHistory";
      executionId: string;
      historyLength: number;
      history: HistoryEvent[];
      consumed: number[];
      ended?: Pick<Execution, "status" | "result" | "error" | "endTime">;
      /** A determinism error holds the execution; `null` releases a hold. */
      held?: SerializedError | null;
    }
  /** A guard (see `commit`): no execution has this id. `ok` when it holds. */
  | { type: "requireNewExecution"; executionId: string }
  /**
   * Creates an execution whose first workflow task has already run, after a
   * `requireNewExecution` of its id in the same group: its history starts as `history`
   * (`WorkflowStarted` first), nothing goes to its inbox, and its `timers` are set. `created`.
   * The first step's other writes follow it in the group.
   */
  | {
      type: "startExecution";
      execution: ExecutionRecord;
      history: HistoryEvent[];
      ended?: Pick<Execution, "status" | "result" | "error" | "endTime">;
      timers?: TimerRecord[];
    }
  /** Gives up a lease, inbox intact; `stale` if `owner` does not hold it. */
  | { type: "releaseWorkflowTask"; executionId: string; owner: string }
  /** Lifts (`held: null`) or replaces the hold of an execution that is held and running, and at
   * `historyLength` if given (the history that was checked against the code): `ok`; `stale` for
   * any other execution. */
  | {
      type: "setHold";
      executionId: string;
      historyLength?: number;
      held: SerializedError | null;
    }
  /** Stores a task and its timers: `ok`; `duplicate` while a task with its `executionId` and `seq`
   * exists; `ended` or `not_found` for an execution that is not running. With `claim`, the task is
   * stored already leased to that owner (its `attempt` as given), for the process that scheduled
   * it to run at once. */
  | {
      type: "scheduleActivity";
      task: ActivityTask;
      timers?: TimerRecord[];
      claim?: { owner: string; leaseUntil: number };
    }
  /** Removes an activity task and the timers carrying its `activitySeq`, and appends its completion
   * to the inbox under the key `completionKey(seq)`. `stale`, adding nothing, when the task is
   * gone or that key was already used. */
  | { type: "settleActivity"; executionId: string; seq: number; event: InputEvent }
  /** Removes an activity task and the timers carrying its `activitySeq`, appending nothing: its
   * completion goes into history by the same group's `appendHistory`. `ok`, or `stale` if gone. */
  | { type: "removeActivity"; executionId: string; seq: number }
  /** Releases the task's lease and makes it claimable at `availableAt`, even one that was
   * waiting for an outside completion; `stale` if it is gone. With `event`, the record of the
   * failed attempt, it also appends that to the inbox under `key` as `appendInbox` does, but
   * only when the task was there to retry. */
  | {
      type: "retryActivity";
      executionId: string;
      seq: number;
      availableAt: number;
      event?: ActivityRetrying;
      key?: string;
    }
  /** The activity returned `asyncResult`: it waits, unleased and never claimed again, for a
   * completion from outside (`settleActivity`) or its timers; `stale` if it is gone. */
  | { type: "awaitActivity"; executionId: string; seq: number }
  /** Creates or moves the activity's heartbeat timer; `stale`, storing nothing, if it is gone. */
  | { type: "heartbeatActivity"; executionId: string; seq: number; timer?: TimerRecord }
  /** Creates a timer, or moves and replaces the one with its id: `ok`; `ended` or `not_found`,
   * storing nothing, for an execution that is not running. */
  | { type: "setTimer"; timer: TimerRecord }
  /** Removes a timer if it exists, `ok` either way: a deadline that no longer applies, such as a
   * retried attempt's heartbeat. */
  | { type: "deleteTimer"; executionId: string; id: string }
  /** Makes an existing timer due at `dueTime`: `ok`, or `stale` if it is gone (never creates one). */
  | { type: "moveTimer"; id: string; dueTime: number }
  /** Stores deliveries; one whose id exists is left unchanged. Always `ok`. */
  | { type: "createDeliveries"; deliveries: DeliveryRecord[] }
  /**
   * Records that the event `eventId` published by service `source` was received (at
   * `receivedAt`, when the store applies it), and stores its `deliveries` to this service's
   * subscribers, all or nothing: `ok`; `duplicate`, storing nothing, if that source's event id
   * was received before, even if its deliveries have since completed. An event id is that of its
   * source only: the same id from another source is another event. As `createDeliveries`, a
   * delivery whose id exists is left unchanged.
   */
  | {
      type: "receiveEvent";
      source: string;
      eventId: string;
      receivedAt: number;
      deliveries: DeliveryRecord[];
    }
  /**
   * Forgets the events received before `before` (epoch ms): one of them pushed again after that
   * would be stored again. Always `ok`. Publishers stop retrying long before (see `receiveEvent`).
   */
  | { type: "forgetReceivedEvents"; before: number }
  /** Removes a delivery. This and the delivery writes below are `stale` for an unknown id. */
  | { type: "completeDelivery"; id: string }
  /**
   * Releases the lease, keeps `error` as `lastError` and `stack` as `lastStack` (none without
   * one), and makes it claimable at `availableAt`.
   */
  | {
      type: "retryDelivery";
      id: string;
      availableAt: number;
      error: SerializedError;
      stack?: string;
    }
  /** Releases the lease and keeps it as a dead letter, with its error and stack as a retry does. */
  | { type: "deadLetterDelivery"; id: string; error: SerializedError; stack?: string }
  /**
   * Makes a dead letter live again, claimable at `availableAt` from attempt 0; keeps `lastError`.
   * `stale` for a delivery that is not a dead letter (two redrives at once: the second).
   */
  | { type: "redriveDelivery"; id: string; availableAt: number }
  | { type: "appendLogs"; logs: LogRecord[] }
  /** Extends to `until` the leases `owner` still holds on these activity tasks and deliveries, so
   * work that runs longer than a lease is not claimed again while it runs. Always `ok`. */
  | {
      type: "renewLeases";
      owner: string;
      until: number;
      activities: { executionId: string; seq: number }[];
      deliveries: string[];
    };

/**
 * What each write did. `ok`: applied. `created`/`exists`: whether `createExecution` made a new
 * execution. `duplicate`: its key was already used. `ended`/`not_found`: the target execution is
 * not running, nothing was written. `stale`: the lease, activity or delivery is gone. `conflict`:
 * the group's workflow task lost its lease or raced another commit, so the whole group was rolled
 * back.
 */
export type WriteResult =
  | "ok"
  | "created"
  | "exists"
  | "duplicate"
  | "ended"
  | "not_found"
  | "stale"
  | "conflict";

export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
