/**
 * The request objects of the original Eventual's service client (`startExecution({ workflow,
 * input })`, `getExecutions({ statuses })`, …), accepted beside today's positional calls, and the
 * helpers every client uses to answer them through its own methods.
 */
import type { Event } from "./event.js";
import type { Execution, ExecutionStatus } from "./execution.js";
import { BadRequestError } from "./request-errors.js";
import type {
  EventualServiceClient,
  ExecutionFilter,
  ExecutionPage,
  HistoryEntry,
  WorkflowInput,
} from "./service-client.js";
import type { Signal } from "./signal.js";
import type { ExecutionHandle, Workflow } from "./workflow.js";

/**
 * The order of a listing; the original spelled it `"ASC"`/`"DESC"` and its docs `"Asc"`/`"Desc"`.
 *
 * @example
 * await client.getExecutions({ sortDirection: "DESC", maxResults: 10 });
 */
export type SortDirection = "ASC" | "DESC" | "Asc" | "Desc" | "asc" | "desc";

/**
 * `startExecution`'s request object: the workflow (declared, or its name) and its input.
 *
 * @example
 * const execution = await client.startExecution({ workflow: processOrder, input: order });
 */
export type StartExecutionRequest<W extends Workflow = Workflow> = {
  workflow: W | string;
  /** Makes the start idempotent: starting the same name again returns the first execution. */
  executionName?: string;
} & (undefined extends WorkflowInput<W>
  ? { input?: WorkflowInput<W> }
  : { input: WorkflowInput<W> });

/**
 * What `startExecution({ ... })` returns: a handle on the execution.
 *
 * @example
 * const execution = await client.startExecution({ workflow: "monthlyReport", input, executionName: "2026-01" });
 * if (!execution.alreadyRunning) console.log((await execution.getStatus()).status);
 */
export interface StartedExecutionHandle<Output = unknown> extends ExecutionHandle<Output> {
  /** True when an execution of the same `executionName` had already been started. */
  readonly alreadyRunning: boolean;
}

/**
 * `getExecutions`' request object.
 *
 * @example
 * const { executions, nextToken } = await client.getExecutions({ statuses: [ExecutionStatus.IN_PROGRESS] });
 */
export interface GetExecutionsRequest {
  /** Only executions in one of these statuses. */
  statuses?: ExecutionStatus[];
  workflowName?: string;
  nextToken?: string;
  /** By start time; ascending by default. */
  sortDirection?: SortDirection;
  /** 1 to 1000; default 100. With several `statuses` a page may hold fewer: follow `nextToken`. */
  maxResults?: number;
}

/**
 * `getExecutionHistory`'s request object.
 *
 * @example
 * const { events, nextToken } = await client.getExecutionHistory({ executionId, maxResults: 50 });
 */
export interface GetExecutionHistoryRequest {
  executionId: string;
  nextToken?: string;
  /** In the order recorded by default. */
  sortDirection?: SortDirection;
  /** 1 to 1000; default 100. */
  maxResults?: number;
}

/**
 * One page of an execution's history.
 *
 * @example
 * const next = page.nextToken && (await client.getExecutionHistory({ executionId, nextToken: page.nextToken }));
 */
export interface ExecutionHistoryPage {
  events: HistoryEntry[];
  /** Present when more events follow: pass it back for the next page. */
  nextToken?: string;
}

/**
 * `sendSignal`'s request object.
 *
 * @example
 * await client.sendSignal({ execution: "processOrder~42", signal: cancelSignal, payload: { reason: "late" } });
 */
export interface SendSignalRequest<Payload = any> {
  /** The execution's id, or a handle on it. */
  execution: string | { readonly executionId: string };
  signal: Signal<Payload> | string;
  payload?: NoInfer<Payload>;
  /** Deduplicates: a second signal with the same id to the same execution is ignored. */
  id?: string;
}

/**
 * `publishEvents`' request object: events by name.
 *
 * @example
 * await client.publishEvents({ events: [{ name: "Order", event: { orderId: "42" } }] });
 */
export interface PublishEventsRequest {
  events: { name: string; event: unknown }[];
}

/** The history page size when a request names none, as in the original. */
export const defaultHistoryPageSize = 100;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function isStartExecutionRequest(value: unknown): value is StartExecutionRequest {
  return isRecord(value) && "workflow" in value;
}

export function isSendSignalRequest(value: unknown): value is SendSignalRequest {
  return isRecord(value) && "execution" in value && "signal" in value;
}

/** A `{ events }` request, as opposed to a declared event (which has `onEvent`). */
export function isPublishEventsRequest(
  value: Event<any> | PublishEventsRequest | unknown,
): value is PublishEventsRequest {
  return isRecord(value) && Array.isArray(value.events) && !("onEvent" in value);
}

/** Today's `order` for a `sortDirection`; an unknown one is a bad request. */
export function sortOrder(direction: SortDirection | undefined): "asc" | "desc" | undefined {
  if (direction === undefined) return undefined;
  const order = String(direction).toLowerCase();
  if (order !== "asc" && order !== "desc") {
    throw new BadRequestError(`sortDirection must be "ASC" or "DESC", got ${String(direction)}.`);
  }
  return order;
}

/**
 * Starts an execution from a request object through a client's positional `startExecution`, and
 * returns a handle on it served by the same client.
 */
export async function startFromRequest(
  client: EventualServiceClient,
  request: StartExecutionRequest,
): Promise<StartedExecutionHandle<any>> {
  const name =
    typeof request.workflow === "string" ? request.workflow : request.workflow.workflowName;
  const { executionId, alreadyRunning } = await client.startExecution(name, request.input, {
    executionName: request.executionName,
  });
  return {
    executionId,
    alreadyRunning,
    getStatus: () => client.getExecution(executionId) as Promise<Execution<any>>,
    sendSignal: (signal, payload) => client.sendSignal(executionId, signal as string, payload),
  };
}

/**
 * Lists executions for a `getExecutions` request through a client's `listExecutions`. The control
 * API filters by one status; with several, the page is filtered here, so it may hold fewer than
 * `maxResults` while `nextToken` still leads on.
 */
export async function listFromRequest(
  list: (filter: ExecutionFilter) => Promise<ExecutionPage>,
  request: GetExecutionsRequest,
): Promise<ExecutionPage> {
  const statuses = [...new Set(request.statuses ?? [])];
  const filter: ExecutionFilter = {
    workflow: request.workflowName,
    status: statuses.length === 1 ? statuses[0] : undefined,
    limit: request.maxResults,
    nextToken: request.nextToken,
    order: sortOrder(request.sortDirection),
  };
  const page = await list(withoutUndefined(filter));
  if (statuses.length <= 1) return page;
  return { ...page, executions: page.executions.filter((e) => statuses.includes(e.status)) };
}

/** The positional arguments a `sendSignal` request object stands for. */
export function signalArguments(request: SendSignalRequest): {
  executionId: string;
  signal: string;
  payload: unknown;
  id?: string;
} {
  const executionId =
    typeof request.execution === "string" ? request.execution : request.execution.executionId;
  const signal = typeof request.signal === "string" ? request.signal : request.signal.name;
  return { executionId, signal, payload: request.payload, id: request.id };
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * One page of a whole history. History only grows, so a position in it is a stable cursor; the
 * token carries it with the direction it was issued for.
 */
export function historyPage(
  events: HistoryEntry[],
  request: Omit<GetExecutionHistoryRequest, "executionId">,
): ExecutionHistoryPage {
  const limit = request.maxResults ?? defaultHistoryPageSize;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new BadRequestError(
      `maxResults must be an integer from 1 to 1000, got ${String(limit)}.`,
    );
  }
  const order = sortOrder(request.sortDirection) ?? "asc";
  const from =
    request.nextToken === undefined ? undefined : readHistoryToken(request.nextToken, order);
  if (order === "asc") {
    const start = Math.min(from ?? 0, events.length);
    const end = start + limit;
    const page = events.slice(start, end);
    return end < events.length
      ? { events: page, nextToken: historyToken(order, end) }
      : { events: page };
  }
  const end = Math.min(from ?? events.length, events.length);
  const start = Math.max(0, end - limit);
  const page = events.slice(start, end).reverse();
  return start > 0 ? { events: page, nextToken: historyToken(order, start) } : { events: page };
}

function historyToken(order: "asc" | "desc", position: number): string {
  return Buffer.from(`history:${order}:${position}`, "utf8").toString("base64url");
}

function readHistoryToken(token: string, order: "asc" | "desc"): number {
  const [kind, issuedFor, position, ...rest] = Buffer.from(token, "base64url")
    .toString("utf8")
    .split(":");
  const at = Number(position);
  if (kind !== "history" || rest.length > 0 || !Number.isInteger(at) || at < 0) {
    throw new BadRequestError(`nextToken "${token}" is not a history token this service issued.`);
  }
  if (issuedFor !== order) {
    throw new BadRequestError(`nextToken "${token}" continues a listing in the other direction.`);
  }
  return at;
}
