import type {
  DeadLetterPage,
  DeadLetterQuery,
  Event,
  EventualServiceClient,
  Execution,
  ExecutionFilter,
  ExecutionHistoryPage,
  ExecutionPage,
  GetExecutionHistoryRequest,
  GetExecutionsRequest,
  HistoryEntry,
  LogLine,
  LogQuery,
  NodeInfo,
  PublishEventsRequest,
  ReleaseResult,
  SendActivityFailureRequest,
  SendSignalRequest,
  ServiceDescription,
  Signal,
  StartExecutionRequest,
  StartedExecution,
  StartedExecutionHandle,
  StartOptions,
  Workflow,
  WorkflowInput,
  WorkflowOutput,
} from "@eventual/core";
import {
  activityFailure,
  isPublishEventsRequest,
  isSendSignalRequest,
  isStartExecutionRequest,
  listFromRequest,
  signalArguments,
  sortOrder,
  startFromRequest,
} from "@eventual/core/internal";
import type { RetryPolicy } from "./http-transport.js";
import { HttpTransport } from "./http-transport.js";

export interface ServiceClientOptions {
  /** The service's base URL, e.g. `http://localhost:3111`; or else give `service`. */
  url?: string;
  /**
   * A service of an app by its name in the app file, instead of `url`: its URL is read from
   * `EVENTUAL_SERVICE_URL_<NAME>` (`EVENTUAL_SERVICE_URL_ORDER_SERVICE` for `order-service`),
   * and, unless `apiKey` is given, its key from `EVENTUAL_SERVICE_API_KEY_<NAME>`.
   */
  service?: string;
  /** Sent as `Authorization: Bearer <apiKey>`; `eventual serve` requires it. */
  apiKey?: string;
  /** Retries of idempotent calls when the service cannot be reached. */
  retry?: Partial<RetryPolicy>;
  fetch?: typeof fetch;
}

/**
 * A running service's control API over HTTP. Pass the service's own declarations for typed calls:
 * `startExecution(transfer, input)` checks `input` against the workflow, `sendSignal` the payload.
 * Refusals throw `RequestError`s carrying the API's code (`NotFoundError`, `ConflictError`, …);
 * reads and the calls that are safe to repeat (a start with `executionName`, a signal with `id`,
 * cancels, activity completions) are retried with backoff when the service cannot be reached.
 *
 * @example
 * const client = new ServiceClient({ url: "http://localhost:3111" });
 * const orders = new ServiceClient({ service: "order-service" }); // one of an app's services
 * const { executionId } = await client.startExecution(transfer, { from: "a", to: "b", amount: 5 });
 * await client.sendSignal(executionId, approveSignal, { approver: "carol" });
 */
export class ServiceClient implements EventualServiceClient {
  readonly #http: HttpTransport;

  constructor(options: ServiceClientOptions) {
    const apiKey =
      options.apiKey ??
      (options.service === undefined
        ? undefined
        : globalThis.process?.env?.[serviceApiKeyVariable(options.service)]);
    this.#http = new HttpTransport({ ...options, url: serviceUrl(options), apiKey });
  }

  getService(): Promise<ServiceDescription> {
    return this.#get("/service");
  }

  async listWorkflows(): Promise<{ name: string }[]> {
    return (await this.#get<{ workflows: { name: string }[] }>("/workflows")).workflows;
  }

  async getWorkflows(): Promise<{ workflows: { name: string }[] }> {
    return { workflows: await this.listWorkflows() };
  }

  /**
   * The service's nodes that are up: the engines taking its work, each seen within the last
   * 30 s, the earliest started first (`GET /_eventual/nodes`). Behind a load balancer each call
   * may reach another node; `self` marks the one that answered.
   */
  async listNodes(): Promise<NodeInfo[]> {
    return (await this.#get<{ nodes: NodeInfo[] }>("/nodes")).nodes;
  }

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
  startExecution<W extends Workflow>(
    request: StartExecutionRequest<W>,
  ): Promise<StartedExecutionHandle<WorkflowOutput<W>>>;
  startExecution(
    workflow: Workflow | string | StartExecutionRequest,
    input?: unknown,
    options: StartOptions = {},
  ): Promise<StartedExecution<any> | StartedExecutionHandle<any>> {
    if (isStartExecutionRequest(workflow)) return startFromRequest(this, workflow);
    const name = typeof workflow === "string" ? workflow : workflow.workflowName;
    const query = options.wait === undefined ? "" : `?wait=${options.wait}`;
    return this.#http.request("POST", `/_eventual/workflows/${segment(name)}/executions${query}`, {
      body: { input, executionName: options.executionName },
      idempotent: options.executionName !== undefined,
    });
  }

  getExecution(executionId: string): Promise<Execution> {
    return this.#get(`/executions/${segment(executionId)}`);
  }

  listExecutions(filter: ExecutionFilter = {}): Promise<ExecutionPage> {
    const { workflow, ...rest } = filter;
    const params = new URLSearchParams();
    const query = {
      ...rest,
      workflow: typeof workflow === "string" ? workflow : workflow?.workflowName,
    };
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) params.set(key, String(value));
    }
    const search = params.size > 0 ? `?${params}` : "";
    return this.#get(`/executions${search}`);
  }

  getExecutions(request: GetExecutionsRequest = {}): Promise<ExecutionPage> {
    return listFromRequest((filter) => this.listExecutions(filter), request);
  }

  getExecutionHistory(request: GetExecutionHistoryRequest): Promise<ExecutionHistoryPage> {
    const params = new URLSearchParams({ limit: String(request.maxResults ?? 100) });
    if (request.nextToken !== undefined) params.set("nextToken", request.nextToken);
    const order = sortOrder(request.sortDirection);
    if (order !== undefined) params.set("order", order);
    return this.#get(`/executions/${segment(request.executionId)}/history?${params}`);
  }

  async getHistory(executionId: string): Promise<HistoryEntry[]> {
    const path = `/executions/${segment(executionId)}/history`;
    return (await this.#get<{ events: HistoryEntry[] }>(path)).events;
  }

  async getLogs(executionId: string): Promise<LogLine[]> {
    return (await this.#get<{ logs: LogLine[] }>(`/executions/${segment(executionId)}/logs`)).logs;
  }

  async getServiceLogs(query: LogQuery = {}): Promise<LogLine[]> {
    return (await this.#get<{ logs: LogLine[] }>(`/logs${search(query)}`)).logs;
  }

  listDeadLetters(query: DeadLetterQuery = {}): Promise<DeadLetterPage> {
    return this.#get(`/dead-letters${search(query)}`);
  }

  async redriveDeadLetter(id: string): Promise<void> {
    // Not retried: had a lost answer's redrive happened, a second would be refused as unknown.
    await this.#http.request("POST", `/_eventual/dead-letters/${segment(id)}/redrive`);
  }

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
  sendSignal<Payload>(request: SendSignalRequest<Payload>): Promise<void>;
  async sendSignal(
    executionOrRequest: string | SendSignalRequest,
    signal?: Signal<any> | string,
    payload?: unknown,
    options: { id?: string } = {},
  ): Promise<void> {
    if (isSendSignalRequest(executionOrRequest)) {
      const request = signalArguments(executionOrRequest);
      return this.sendSignal(request.executionId, request.signal, request.payload, {
        id: request.id,
      });
    }
    const executionId = executionOrRequest;
    if (signal === undefined) throw new TypeError("sendSignal() needs a signal.");
    await this.#http.request("POST", `/_eventual/executions/${segment(executionId)}/signals`, {
      body: { signal: typeof signal === "string" ? signal : signal.name, payload, id: options.id },
      idempotent: options.id !== undefined,
    });
  }

  releaseExecution(executionId: string): Promise<ReleaseResult> {
    // Safe to retry: trying a held execution again twice comes to the same.
    return this.#http.request("POST", `/_eventual/executions/${segment(executionId)}/release`, {
      idempotent: true,
    });
  }

  async cancelExecution(executionId: string, reason?: string): Promise<void> {
    await this.#http.request("POST", `/_eventual/executions/${segment(executionId)}/cancel`, {
      body: { reason },
      idempotent: true,
    });
  }

  publishEvents<E>(event: Event<E>, ...events: NoInfer<E>[]): Promise<void>;
  publishEvents(events: { name: string; event: unknown }[]): Promise<void>;
  publishEvents(request: PublishEventsRequest): Promise<void>;
  async publishEvents(
    eventOrEvents: Event<any> | { name: string; event: unknown }[] | PublishEventsRequest,
    ...events: unknown[]
  ): Promise<void> {
    const body = Array.isArray(eventOrEvents)
      ? eventOrEvents
      : isPublishEventsRequest(eventOrEvents)
        ? eventOrEvents.events
        : events.map((event) => ({ name: eventOrEvents.name, event }));
    await this.#http.request("POST", "/_eventual/events", { body: { events: body } });
  }

  async sendActivitySuccess(request: { activityToken: string; result: unknown }): Promise<void> {
    await this.#http.request("POST", "/_eventual/activities/complete", {
      body: { token: request.activityToken, result: request.result },
      idempotent: true,
    });
  }

  async sendActivityFailure(request: SendActivityFailureRequest): Promise<void> {
    await this.#http.request("POST", "/_eventual/activities/complete", {
      body: { token: request.activityToken, error: activityFailure(request) },
      idempotent: true,
    });
  }

  sendActivityHeartbeat(request: { activityToken: string }): Promise<{ cancelled: boolean }> {
    return this.#http.request("POST", "/_eventual/activities/heartbeat", {
      body: { token: request.activityToken },
      idempotent: true,
    });
  }

  #get<T>(path: string): Promise<T> {
    return this.#http.request("GET", `/_eventual${path}`, { idempotent: true });
  }
}

/** A query string of the fields that are set: `?a=1&b=x`, or nothing. */
function search(query: object): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.set(key, String(value));
  }
  return params.size > 0 ? `?${params}` : "";
}

/** Ids are safe in a path segment by design; encoding keeps a malformed one from escaping it. */
function segment(value: string): string {
  return encodeURIComponent(value);
}

/** The base URL `options` name: `url`, or the service's from the environment. */
function serviceUrl({ url, service }: ServiceClientOptions): string {
  if (url !== undefined) return url;
  if (service === undefined) throw new Error("A ServiceClient needs the service's url or name.");
  const variable = serviceUrlVariable(service);
  const fromEnvironment = globalThis.process?.env?.[variable];
  if (!fromEnvironment) {
    throw new Error(
      `No URL is known for service "${service}": set ${variable}, or pass the service's url.`,
    );
  }
  return fromEnvironment;
}

/** The environment variable that gives a service's URL: `EVENTUAL_SERVICE_URL_ORDER_SERVICE`. */
export function serviceUrlVariable(service: string): string {
  return `EVENTUAL_SERVICE_URL_${variableName(service)}`;
}

/** The one that gives the API key to call it with: `EVENTUAL_SERVICE_API_KEY_ORDER_SERVICE`. */
export function serviceApiKeyVariable(service: string): string {
  return `EVENTUAL_SERVICE_API_KEY_${variableName(service)}`;
}

function variableName(service: string): string {
  return service.toUpperCase().replaceAll("-", "_");
}
