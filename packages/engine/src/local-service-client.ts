import type {
  Event,
  EventualServiceClient,
  Execution,
  ExecutionFilter,
  ExecutionPage,
  HistoryEntry,
  LogLine,
  ServiceDescription,
  Signal,
  StartedExecution,
  StartOptions,
  Workflow,
} from "@eventual/core";
import { describeService } from "@eventual/core/internal";
import { iso } from "./clock.js";
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

  async startExecution(
    workflow: Workflow | string,
    input?: unknown,
    options: StartOptions = {},
  ): Promise<StartedExecution<any>> {
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

  async getLogs(executionId: string): Promise<LogLine[]> {
    const logs = await this.engine.getLogs(executionId);
    return logs.map(({ time, level, source, message }) => ({
      time: iso(time),
      level,
      source,
      message,
    }));
  }

  sendSignal(
    executionId: string,
    signal: Signal<any> | string,
    payload?: unknown,
    options: { id?: string } = {},
  ): Promise<void> {
    const name = typeof signal === "string" ? signal : signal.name;
    return this.engine.sendSignal({ executionId, signal: name, payload, id: options.id });
  }

  cancelExecution(executionId: string, reason?: string): Promise<void> {
    return this.engine.cancelExecution(executionId, reason);
  }

  publishEvents(
    eventOrEvents: Event<any> | { name: string; event: unknown }[],
    ...events: unknown[]
  ): Promise<void> {
    return this.engine.publishEvents(
      Array.isArray(eventOrEvents)
        ? eventOrEvents
        : events.map((event) => ({ name: eventOrEvents.name, event })),
    );
  }

  sendActivitySuccess(request: { activityToken: string; result: unknown }): Promise<void> {
    return this.engine.completeActivity(request);
  }

  sendActivityFailure(request: {
    activityToken: string;
    error: string;
    message?: string;
  }): Promise<void> {
    return this.engine.completeActivity({
      activityToken: request.activityToken,
      error: { name: request.error, message: request.message ?? "" },
    });
  }

  sendActivityHeartbeat(request: { activityToken: string }): Promise<{ cancelled: boolean }> {
    return this.engine.heartbeatActivity(request.activityToken);
  }
}
