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
import { BadRequestError, ConflictError } from "@eventual/core";
import {
  activityFailure,
  describeService,
  historyPage,
  isPublishEventsRequest,
  isSendSignalRequest,
  isStartExecutionRequest,
  listFromRequest,
  signalArguments,
  startFromRequest,
} from "@eventual/core/internal";
import { iso } from "./clock.js";
import { listDeadLetters } from "./dead-letters.js";
import type { Engine } from "./engine.js";

/**
 * The service client inside a running service: the same methods as the HTTP client, answered by
 * the engine in-process, with the same `RequestError`s. `getServiceClient()` returns it.
 */
export class LocalServiceClient implements EventualServiceClient {
  constructor(
    private readonly engine: Engine,
    private readonly serviceName: string,
  ) {}

  async getService(): Promise<ServiceDescription> {
    return { name: this.serviceName, ...describeService(this.engine.registry) };
  }

  async listWorkflows(): Promise<{ name: string }[]> {
    return [...this.engine.registry.workflows.keys()].map((name) => ({ name }));
  }

  async getWorkflows(): Promise<{ workflows: { name: string }[] }> {
    return { workflows: await this.listWorkflows() };
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
  async startExecution(
    workflow: Workflow | string | StartExecutionRequest,
    input?: unknown,
    options: StartOptions = {},
  ): Promise<StartedExecution<any> | StartedExecutionHandle<any>> {
    if (isStartExecutionRequest(workflow)) return startFromRequest(this, workflow);
    const request = {
      workflow: typeof workflow === "string" ? workflow : workflow.workflowName,
      input,
      executionName: options.executionName,
    };
    if (options.wait === undefined) return this.engine.startExecution(request);
    return this.engine.startAndWait(request, options.wait * 1000);
  }

  getExecution(executionId: string): Promise<Execution> {
    return this.engine.requireExecution(executionId);
  }

  listExecutions(filter: ExecutionFilter = {}): Promise<ExecutionPage> {
    const { workflow, ...rest } = filter;
    return this.engine.listExecutions({
      ...rest,
      ...(workflow === undefined
        ? {}
        : { workflow: typeof workflow === "string" ? workflow : workflow.workflowName }),
    });
  }

  async getHistory(executionId: string): Promise<HistoryEntry[]> {
    return (await this.engine.getHistory(executionId)) as HistoryEntry[];
  }

  getExecutions(request: GetExecutionsRequest = {}): Promise<ExecutionPage> {
    return listFromRequest((filter) => this.listExecutions(filter), request);
  }

  /** A page of the whole history: stores read an execution's history in one piece. */
  async getExecutionHistory(request: GetExecutionHistoryRequest): Promise<ExecutionHistoryPage> {
    const { executionId, ...page } = request;
    return historyPage(await this.getHistory(executionId), page);
  }

  async getLogs(executionId: string): Promise<LogLine[]> {
    const logs = await this.engine.getLogs(executionId);
    return logs.map(({ time, level, source, message }) => ({
      time: iso(time),
      level,
      source,
      message,
    }));
  }

  async getServiceLogs(query: LogQuery = {}): Promise<LogLine[]> {
    const since = query.since === undefined ? undefined : Date.parse(query.since);
    if (Number.isNaN(since)) throw new BadRequestError(`since "${query.since}" is not a time.`);
    const logs = await this.engine.store.getLogs({
      ...(query.workflow === undefined ? {} : { workflow: query.workflow }),
      ...(since === undefined ? {} : { since }),
      limit: query.limit ?? 1000,
    });
    return logs.map(({ executionId, time, level, source, message }) => ({
      time: iso(time),
      level,
      source,
      message,
      ...(executionId === undefined ? {} : { executionId }),
    }));
  }

  listDeadLetters(query?: DeadLetterQuery): Promise<DeadLetterPage> {
    return listDeadLetters(this.engine.store, query);
  }

  redriveDeadLetter(id: string): Promise<void> {
    return this.engine.redriveDelivery(id);
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
  sendSignal(
    executionOrRequest: string | SendSignalRequest,
    signal?: Signal<any> | string,
    payload?: unknown,
    options: { id?: string } = {},
  ): Promise<void> {
    if (isSendSignalRequest(executionOrRequest)) {
      return this.engine.sendSignal(signalArguments(executionOrRequest));
    }
    const executionId = executionOrRequest;
    if (signal === undefined) throw new TypeError("sendSignal() needs a signal.");
    const name = typeof signal === "string" ? signal : signal.name;
    return this.engine.sendSignal({ executionId, signal: name, payload, id: options.id });
  }

  cancelExecution(executionId: string, reason?: string): Promise<void> {
    return this.engine.cancelExecution(executionId, reason);
  }

  async releaseExecution(executionId: string): Promise<ReleaseResult> {
    const retry = await this.engine.releaseExecution(executionId);
    if ("notHeld" in retry) throw new ConflictError(`Execution "${executionId}" is not held.`);
    return retry.released ? retry : { executionId, released: false, held: retry.divergence };
  }

  publishEvents<E>(event: Event<E>, ...events: NoInfer<E>[]): Promise<void>;
  publishEvents(events: { name: string; event: unknown }[]): Promise<void>;
  publishEvents(request: PublishEventsRequest): Promise<void>;
  publishEvents(
    eventOrEvents: Event<any> | { name: string; event: unknown }[] | PublishEventsRequest,
    ...events: unknown[]
  ): Promise<void> {
    return this.engine.publishEvents(
      Array.isArray(eventOrEvents)
        ? eventOrEvents
        : isPublishEventsRequest(eventOrEvents)
          ? eventOrEvents.events
          : events.map((event) => ({ name: eventOrEvents.name, event })),
    );
  }

  sendActivitySuccess(request: { activityToken: string; result: unknown }): Promise<void> {
    return this.engine.completeActivity(request);
  }

  sendActivityFailure(request: SendActivityFailureRequest): Promise<void> {
    return this.engine.completeActivity({
      activityToken: request.activityToken,
      error: activityFailure(request),
    });
  }

  sendActivityHeartbeat(request: { activityToken: string }): Promise<{ cancelled: boolean }> {
    return this.engine.heartbeatActivity(request.activityToken);
  }
}
