import type { SendActivityFailureRequest } from "./activity.js";
import type {
  ExecutionHistoryPage,
  GetExecutionHistoryRequest,
  GetExecutionsRequest,
  PublishEventsRequest,
  SendSignalRequest,
  StartExecutionRequest,
  StartedExecutionHandle,
} from "./client-requests.js";
import type { DeadLetterPage, DeadLetterQuery } from "./dead-letter.js";
import type { SerializedError } from "./errors.js";
import type { Event } from "./event.js";
import type { Execution, ExecutionStatus } from "./execution.js";
import type { LogQuery } from "./log-query.js";
import type { ServiceSpec } from "./registry.js";
import type { Signal } from "./signal.js";
import type { Workflow } from "./workflow.js";

/** The input a declared workflow takes. */
export type WorkflowInput<W extends Workflow> = Parameters<W["handler"]>[0];
/** What a declared workflow returns. */
export type WorkflowOutput<W extends Workflow> = Awaited<ReturnType<W["handler"]>>;

export interface StartOptions {
  /** Makes the start idempotent: starting the same name again returns the first execution. */
  executionName?: string;
  /** Seconds to wait for the execution to end before answering (at most 300). */
  wait?: number;
}

/** A started execution; with `wait`, also the execution as it was when the wait ended. */
export interface StartedExecution<Output = unknown> {
  executionId: string;
  alreadyRunning: boolean;
  execution?: Execution<Output>;
}

export interface ExecutionFilter {
  workflow?: string | Workflow;
  status?: ExecutionStatus;
  /** Only held executions (`true`), or only those not held (`false`). */
  held?: boolean;
  /** 1 to 1000; default 100. */
  limit?: number;
  nextToken?: string;
  order?: "asc" | "desc";
}

/** What trying a held execution again came to. */
export interface ReleaseResult {
  executionId: string;
  /** Whether its history replays on the code now, so it runs on. */
  released: boolean;
  /** Unless released: what diverges now, which it stays held with. */
  held?: SerializedError;
}

export interface ExecutionPage {
  executions: Execution[];
  /** Present when more executions match: pass it back to get the next page. */
  nextToken?: string;
}

/** One event of an execution's history, as the control API returns it. */
export interface HistoryEntry {
  type: string;
  timestamp: string;
  seq?: number;
  [field: string]: unknown;
}

/** One line of `console` output captured from a workflow, activity or subscriber. */
export interface LogLine {
  time: string;
  level: "debug" | "info" | "warn" | "error";
  /** `workflow`, `activity <name>` or `subscription <name>`. */
  source: string;
  message: string;
  /** The execution it belongs to; set in a service's logs (`getServiceLogs`), where lines mix. */
  executionId?: string;
}

/** What `GET /_eventual/service` describes. */
export interface ServiceDescription extends ServiceSpec {
  name: string;
}

/**
 * A node of the service, as `GET /_eventual/nodes` lists it: one engine taking work from the
 * service's store (`eventual serve` runs one per process, and many may share one database). It
 * records itself every 10 s; one seen within the last 30 s is up, and only those are listed.
 */
export interface NodeInfo {
  /** Names the engine in the leases it takes. */
  id: string;
  /** The machine it runs on. */
  host: string;
  /** Its process id on that machine. */
  pid: number;
  /** When it started taking work (ISO 8601). */
  startedAt: string;
  /** When it last recorded itself (ISO 8601). */
  seenAt: string;
  /** Whether it is the node that answered the request. */
  self: boolean;
}

/**
 * Everything a program can ask of a running service: the control API as methods. The HTTP
 * `ServiceClient` of `@eventual/client` implements it for programs outside the service, and
 * `getServiceClient()` returns an in-process one inside it (API handlers, activities,
 * subscribers). Passing the service's own declarations types the calls: a workflow's input, a
 * signal's payload, an event's shape. Refusals throw `RequestError`s (`NotFoundError`,
 * `ConflictError`, …) that carry the control API's code.
 *
 * @example
 * const { executionId } = await client.startExecution(transfer, { from: "a", to: "b", amount: 5 });
 * await client.sendSignal(executionId, approveSignal, { approver: "carol" });
 */
export interface EventualServiceClient {
  getService(): Promise<ServiceDescription>;
  listWorkflows(): Promise<{ name: string }[]>;
  /** The original Eventual's `listWorkflows`: the same list, as `{ workflows }`. */
  getWorkflows(): Promise<{ workflows: { name: string }[] }>;
  startExecution<W extends Workflow>(
    workflow: W,
    input: WorkflowInput<W>,
    options?: StartOptions,
  ): Promise<StartedExecution<WorkflowOutput<W>>>;
  startExecution(
    workflow: string,
    input?: unknown,
    options?: StartOptions,
  ): Promise<StartedExecution>;
  /** The original Eventual's request object; resolves with a handle on the execution. */
  startExecution<W extends Workflow>(
    request: StartExecutionRequest<W>,
  ): Promise<StartedExecutionHandle<WorkflowOutput<W>>>;
  /** The execution; `NotFoundError` for an unknown id. */
  getExecution(executionId: string): Promise<Execution>;
  listExecutions(filter?: ExecutionFilter): Promise<ExecutionPage>;
  getHistory(executionId: string): Promise<HistoryEntry[]>;
  /** The original Eventual's `listExecutions`, with its request object. */
  getExecutions(request?: GetExecutionsRequest): Promise<ExecutionPage>;
  /** One page of an execution's history (100 events unless `maxResults` says otherwise). */
  getExecutionHistory(request: GetExecutionHistoryRequest): Promise<ExecutionHistoryPage>;
  getLogs(executionId: string): Promise<LogLine[]>;
  /** The service's latest log lines across executions, in the order stored. */
  getServiceLogs(query?: LogQuery): Promise<LogLine[]>;
  /** One page of the deliveries that ran out of attempts, oldest first. */
  listDeadLetters(query?: DeadLetterQuery): Promise<DeadLetterPage>;
  /** Runs a dead letter's subscriber again, with fresh attempts; `NotFoundError` for an unknown id. */
  redriveDeadLetter(id: string): Promise<void>;
  /** Sends a signal; `ConflictError` if the execution has ended. A repeated `id` is ignored. */
  sendSignal<Payload>(
    executionId: string,
    signal: Signal<Payload>,
    payload: NoInfer<Payload>,
    options?: { id?: string },
  ): Promise<void>;
  sendSignal(
    executionId: string,
    signal: string,
    payload?: unknown,
    options?: { id?: string },
  ): Promise<void>;
  /** The original Eventual's request object: `{ execution, signal, payload, id }`. */
  sendSignal<Payload>(request: SendSignalRequest<Payload>): Promise<void>;
  /** Cancels a running execution, held or not; `ConflictError` if it has ended. */
  cancelExecution(executionId: string, reason?: string): Promise<void>;
  /**
   * Tries a held execution again against the service's code: `released` when its history replays
   * now, else still held with what diverges now. `ConflictError` if it is not held.
   */
  releaseExecution(executionId: string): Promise<ReleaseResult>;
  /** Publishes events of one declared type, checked against its schema. */
  publishEvents<E>(event: Event<E>, ...events: NoInfer<E>[]): Promise<void>;
  /** Publishes events by name, as `POST /_eventual/events` takes them. */
  publishEvents(events: { name: string; event: unknown }[]): Promise<void>;
  /** The original Eventual's request object: `{ events: [{ name, event }] }`. */
  publishEvents(request: PublishEventsRequest): Promise<void>;
  sendActivitySuccess<Result>(request: { activityToken: string; result: Result }): Promise<void>;
  /** Fails an async activity: `error` is the name the workflow sees, or an `Error`. */
  sendActivityFailure(request: SendActivityFailureRequest): Promise<void>;
  sendActivityHeartbeat(request: { activityToken: string }): Promise<{ cancelled: boolean }>;
}
