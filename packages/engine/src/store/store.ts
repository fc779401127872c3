import type { Execution, SerializedError } from "@eventual/core";
import type { ActivityPolicy } from "@eventual/core/internal";
import type { HistoryEvent, InputEvent, WorkflowStarted } from "../history.js";

/**
 * Where the engine keeps everything durable. Small on purpose: claims (each its own transaction,
 * taking a lease), one `commit` of write groups (one transaction for many groups, so a store can
 * group-commit), and reads. Every store passes the conformance suite in `store.case.test.ts`.
 *
 * Times are epoch milliseconds passed in by the engine: a store never reads a clock.
 */
export interface Store {
  /** Applies groups in one transaction. A group is all-or-nothing: if its workflow task's lease or
   * history length no longer holds, the group is rolled back and its results say `conflict`. */
  commit(groups: WriteGroup[]): Promise<WriteResult[][]>;

  /** Leases executions that have inbox events, with those events in the order they arrived. */
  claimWorkflowTasks(claim: Claim): Promise<WorkflowTask[]>;
  /** Leases activity tasks whose time has come; each claim is a new attempt. */
  claimActivityTasks(claim: Claim): Promise<ActivityTask[]>;
  /** Turns due timers into inbox events, in one transaction; returns how many fired. */
  fireDueTimers(now: number, limit: number): Promise<number>;
  /** Leases event deliveries whose time has come; each claim is a new attempt. */
  claimDeliveries(claim: Claim): Promise<DeliveryRecord[]>;
  /** The earliest time at which a timer, retry or expired lease makes work, if any. */
  nextWakeTime(): Promise<number | undefined>;

  getExecution(executionId: string): Promise<ExecutionRecord | undefined>;
  listExecutions(
    query: ExecutionQuery,
  ): Promise<{ executions: ExecutionRecord[]; nextToken?: string }>;
  getHistory(executionId: string): Promise<HistoryEvent[]>;
  getLogs(query: { executionId?: string; limit?: number }): Promise<LogRecord[]>;
  listDeadLetters(): Promise<DeliveryRecord[]>;

  close(): Promise<void>;
}

export interface Claim {
  owner: string;
  now: number;
  leaseMs: number;
  limit: number;
}

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
  dead?: boolean;
}

export interface LogRecord {
  executionId: string;
  time: number;
  level: "debug" | "info" | "warn" | "error";
  message: string;
}

export interface ExecutionQuery {
  workflow?: string;
  status?: Execution["status"];
  limit?: number;
  nextToken?: string;
  order?: "asc" | "desc";
}

export type WriteGroup = Write[];

export type Write =
  /** Creates an execution and its `WorkflowStarted` inbox event, unless its id exists. */
  | {
      type: "createExecution";
      execution: ExecutionRecord;
      started: WorkflowStarted;
      timers?: TimerRecord[];
    }
  /** Appends to a running execution's inbox; `key` makes it idempotent. */
  | { type: "appendInbox"; executionId: string; event: InputEvent; key?: string }
  /** Records a workflow task: guarded by the lease and the history length it started from. */
  | {
      type: "completeWorkflowTask";
      executionId: string;
      owner: string;
      expectedHistoryLength: number;
      history: HistoryEvent[];
      consumed: number[];
      ended?: Pick<Execution, "status" | "result" | "error" | "endTime">;
      /** A determinism error holds the execution; `null` releases a hold. */
      held?: SerializedError | null;
    }
  | { type: "releaseWorkflowTask"; executionId: string; owner: string }
  /** Releases every hold, when new code may have fixed what diverged. */
  | { type: "releaseHolds" }
  | { type: "scheduleActivity"; task: ActivityTask; timers?: TimerRecord[] }
  /** Removes an activity task, if it still exists, and appends its completion to the inbox. */
  | { type: "settleActivity"; executionId: string; seq: number; event: InputEvent }
  | { type: "retryActivity"; executionId: string; seq: number; availableAt: number }
  /** The activity returned `asyncResult`: it waits, unleased, for a completion from outside. */
  | { type: "awaitActivity"; executionId: string; seq: number }
  | { type: "heartbeatActivity"; executionId: string; seq: number; timer?: TimerRecord }
  /** Creates or moves a timer. */
  | { type: "setTimer"; timer: TimerRecord }
  | { type: "createDeliveries"; deliveries: DeliveryRecord[] }
  | { type: "completeDelivery"; id: string }
  | { type: "retryDelivery"; id: string; availableAt: number; error: SerializedError }
  | { type: "deadLetterDelivery"; id: string; error: SerializedError }
  | { type: "redriveDelivery"; id: string; availableAt: number }
  | { type: "appendLogs"; logs: LogRecord[] };

/**
 * What each write did. `ok`: applied. `duplicate`: its key was already used. `ended`/`not_found`:
 * the target execution. `stale`: the activity or delivery is gone. `conflict`: the group's workflow
 * task lost its lease or raced another commit, so the whole group was rolled back.
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
