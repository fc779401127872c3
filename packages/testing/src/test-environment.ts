import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type {
  Activity,
  Event,
  Execution,
  ExecutionHandle,
  PublishEventsRequest,
  SendActivityFailureRequest,
  SendSignalRequest,
  Signal,
  StartExecutionRequest,
  Workflow,
  WorkflowOutput,
} from "@eventual/core";
import {
  activityFailure,
  getRegistry,
  installServiceRuntime,
  isPublishEventsRequest,
  isSendSignalRequest,
  isStartExecutionRequest,
  signalArguments,
} from "@eventual/core/internal";
import type { HistoryEvent } from "@eventual/engine";
import { Engine, MemoryStore, VirtualClock } from "@eventual/engine";
import { userRoutes } from "@eventual/server";
import { MockActivity } from "./mock-activity.js";
import type { EventPayload } from "./test-subscriptions.js";
import { TestSubscriptions } from "./test-subscriptions.js";

export interface TestEnvironmentOptions {
  /** A service module to import; without it, the declarations already imported are used. */
  entry?: string;
  /** Where virtual time starts (default: the real time when the environment is created). */
  start?: Date | string | number;
  /** Live instances kept between tasks; 0 replays history on every event. */
  cacheSize?: number;
}

type WorkflowRef<Input, Output> = Workflow<Input, Output> | string;

/**
 * Runs a service in-process on the real engine, an in-memory store and virtual time. Time moves
 * only when the test moves it, and every call returns once all work due at the current virtual
 * time has run, so a month of timers tests in milliseconds.
 *
 * @example
 * const env = new TestEnvironment();
 * await env.initialize();
 * const execution = await env.startExecution(processOrder, order);
 * await env.tick(3600);
 * expect((await execution.getStatus()).status).toBe("SUCCEEDED");
 */
export class TestEnvironment {
  readonly #options: TestEnvironmentOptions;
  readonly #start: number;
  readonly #mocks = new Map<string, MockActivity>();
  readonly #subscriptions = new TestSubscriptions();
  #clock!: VirtualClock;
  #engine?: Engine;
  #routes?: ReturnType<typeof userRoutes>;

  constructor(options: TestEnvironmentOptions = {}) {
    this.#options = options;
    this.#start = options.start === undefined ? Date.now() : new Date(options.start).getTime();
    if (Number.isNaN(this.#start))
      throw new Error(`start is not a valid time: ${String(options.start)}.`);
  }

  /** Imports the entry (if any) and starts the engine. */
  async initialize(): Promise<void> {
    if (this.#options.entry) await import(pathToFileURL(resolve(this.#options.entry)).href);
    this.reset();
  }

  /** The engine under test, for assertions the environment does not wrap. */
  get engine(): Engine {
    return this.#activate();
  }

  /** The current virtual time. */
  get time(): Date {
    return new Date(this.#clock.now());
  }

  /**
   * Starts an execution and runs it as far as the current time allows. Takes the workflow and its
   * input, or the original Eventual's `{ workflow, input, executionName }`.
   */
  startExecution<Input, Output>(
    workflow: WorkflowRef<Input, Output>,
    input?: Input,
    options?: { executionName?: string; timeout?: number },
  ): Promise<ExecutionHandle<Output>>;
  startExecution<W extends Workflow>(
    request: StartExecutionRequest<W>,
  ): Promise<ExecutionHandle<WorkflowOutput<W>>>;
  async startExecution(
    workflow: WorkflowRef<unknown, unknown> | StartExecutionRequest,
    input?: unknown,
    options: { executionName?: string; timeout?: number } = {},
  ): Promise<ExecutionHandle<unknown>> {
    if (isStartExecutionRequest(workflow)) {
      const { workflow: ref, input: requestInput, executionName } = workflow;
      return this.startExecution(ref, requestInput, { executionName });
    }
    const name = typeof workflow === "string" ? workflow : workflow.workflowName;
    const { executionId } = await this.engine.startExecution({ workflow: name, input, ...options });
    await this.#settle();
    return {
      executionId,
      getStatus: () => this.getExecution(executionId),
      sendSignal: (signal, payload) => this.sendSignal(executionId, signal, payload),
    };
  }

  async getExecution(executionId: string): Promise<Execution> {
    const execution = await this.engine.getExecution(executionId);
    if (!execution) throw new Error(`Execution "${executionId}" does not exist.`);
    return execution;
  }

  getHistory(executionId: string): Promise<HistoryEvent[]> {
    return this.engine.getHistory(executionId);
  }

  /** Sends a signal and runs what it unblocks; also takes `{ execution, signal, payload, id }`. */
  sendSignal<Payload>(
    execution: string | ExecutionHandle<any>,
    signal: Signal<Payload> | string,
    payload?: Payload,
    options?: { id?: string },
  ): Promise<void>;
  sendSignal<Payload>(request: SendSignalRequest<Payload>): Promise<void>;
  async sendSignal(
    execution: string | ExecutionHandle<any> | SendSignalRequest,
    signal?: Signal<any> | string,
    payload?: unknown,
    options: { id?: string } = {},
  ): Promise<void> {
    if (isSendSignalRequest(execution)) {
      const request = signalArguments(execution);
      return this.sendSignal(request.executionId, request.signal, request.payload, {
        id: request.id,
      });
    }
    if (signal === undefined) throw new TypeError("sendSignal() needs a signal.");
    const executionId = typeof execution === "string" ? execution : execution.executionId;
    const name = typeof signal === "string" ? signal : signal.name;
    await this.engine.sendSignal({ executionId, signal: name, payload, ...options });
    await this.#settle();
  }

  async cancelExecution(execution: string | ExecutionHandle<any>, reason?: string): Promise<void> {
    const executionId = typeof execution === "string" ? execution : execution.executionId;
    await this.engine.cancelExecution(executionId, reason);
    await this.#settle();
  }

  /** Publishes one event and runs its subscribers. */
  publishEvent<E>(event: Event<E>, payload: E): Promise<void> {
    return this.publishEvents(event, payload);
  }

  /** Publishes events of one type, or the original Eventual's `{ events: [{ name, event }] }`. */
  publishEvents<E>(event: Event<E>, ...payloads: E[]): Promise<void>;
  publishEvents(request: PublishEventsRequest): Promise<void>;
  async publishEvents(event: Event<any> | PublishEventsRequest, ...payloads: unknown[]) {
    await this.engine.publishEvents(
      isPublishEventsRequest(event)
        ? event.events
        : payloads.map((payload) => ({ name: event.name, event: payload })),
    );
    await this.#settle();
  }

  /**
   * Adds a subscriber of the test's own to the events, beside the service's: it sees every such
   * event published from then on (by workflows, routes, subscribers or the test) until
   * `resetTestSubscriptions()` or `reset()`. A handler that throws is not retried.
   *
   * @example
   * const seen: OrderEvent[] = [];
   * env.subscribeEvents([orderEvent], (event) => { seen.push(event); });
   */
  subscribeEvents<E extends Event<any>>(
    events: E[],
    handler: (event: EventPayload<E>) => unknown,
  ): void {
    this.#subscriptions.add(events, handler);
  }

  /**
   * Subscribes a handler of the test's own to one event; see `subscribeEvents`.
   *
   * @example
   * const handler = vi.fn();
   * env.onEvent(orderEvent, handler);
   */
  onEvent<E>(event: Event<E>, handler: (event: E) => unknown): void {
    this.#subscriptions.add([event], handler);
  }

  /** Removes the subscribers added with `subscribeEvents` and `onEvent`. */
  resetTestSubscriptions(): void {
    this.#subscriptions.clear();
  }

  /**
   * Stops delivering events to the service's own subscribers (until `enableServiceSubscriptions()`
   * or `reset()`), so a test sees what is published without what it sets off.
   *
   * @example
   * env.disableServiceSubscriptions();
   * env.subscribeEvents([orderEvent], (event) => { seen.push(event); });
   */
  disableServiceSubscriptions(): void {
    this.#subscriptions.setServiceEnabled(false);
  }

  /** Delivers events to the service's own subscribers again. */
  enableServiceSubscriptions(): void {
    this.#subscriptions.setServiceEnabled(true);
  }

  /** Calls the service's API routes in-process. */
  async fetch(request: Request | string, init?: RequestInit): Promise<Response> {
    this.#routes ??= userRoutes(getRegistry().routes);
    const req =
      typeof request === "string"
        ? new Request(new URL(request, "http://localhost"), init)
        : request;
    this.#activate();
    const response = await this.#routes.fetch(req);
    await this.#settle();
    return response;
  }

  async sendActivitySuccess<Result>(request: {
    activityToken: string;
    result: Result;
  }): Promise<void> {
    await this.engine.completeActivity(request);
    await this.#settle();
  }

  async sendActivityFailure(request: SendActivityFailureRequest): Promise<void> {
    await this.engine.completeActivity({
      activityToken: request.activityToken,
      error: activityFailure(request),
    });
    await this.#settle();
  }

  async sendActivityHeartbeat(request: { activityToken: string }): Promise<{ cancelled: boolean }> {
    const result = await this.engine.heartbeatActivity(request.activityToken);
    await this.#settle();
    return result;
  }

  /** Replaces an activity's code until `reset()`; see `MockActivity`. */
  mockActivity<Args extends any[], Result>(
    activity: Activity<Args, Result>,
  ): MockActivity<Args, Result> {
    const mock = new MockActivity(activity);
    this.#mocks.set(activity.activityName, mock as MockActivity);
    return mock;
  }

  /** Moves time forward by `seconds`, firing every timer on the way at its own due time. */
  tick(seconds = 1): Promise<void> {
    return this.tickUntil(this.#clock.now() + seconds * 1000);
  }

  /** Moves time forward to `time`, firing every timer on the way at its own due time. */
  async tickUntil(time: Date | string | number): Promise<void> {
    const target = new Date(time).getTime();
    if (Number.isNaN(target)) throw new Error(`tickUntil got an invalid time: ${String(time)}.`);
    const engine = this.engine;
    await engine.drain();
    for (;;) {
      const next = await engine.store.nextWakeTime();
      if (next === undefined || next > target) break;
      if (next > this.#clock.now()) this.#clock.set(next);
      else if ((await engine.runDueWork()) === 0) break;
      await engine.drain();
    }
    if (target > this.#clock.now()) this.#clock.set(target);
    await engine.drain();
  }

  /** Sets time back to the start (or to `time`), keeping executions. */
  resetTime(time?: Date | string | number): void {
    this.#clock.set(this.#timeOrStart(time));
  }

  /**
   * Removes every mock: activities run their real code again.
   *
   * @example
   * afterEach(() => env.resetMocks());
   */
  resetMocks(): void {
    this.#mocks.clear();
  }

  /**
   * Starts afresh: an empty store, no mocks, no test subscribers, the service's subscribers on,
   * and time at the start (or at `time`).
   */
  reset(time?: Date | string | number): void {
    const now = this.#timeOrStart(time);
    this.resetMocks();
    this.resetTestSubscriptions();
    this.enableServiceSubscriptions();
    this.#clock = new VirtualClock(now);
    this.#routes = undefined;
    const registry = this.#subscriptions.registryFor(getRegistry());
    let lastId = 0;
    this.#engine = new Engine({
      newId: () => String(++lastId).padStart(6, "0"),
      store: new MemoryStore(),
      registry,
      clock: this.#clock,
      cacheSize: this.#options.cacheSize,
      activityHandlers: (name) =>
        this.#mocks.get(name)?.handler ?? registry.activities.get(name)?.handler,
    });
    installServiceRuntime(this.#engine);
  }

  #timeOrStart(time: Date | string | number | undefined): number {
    if (time === undefined) return this.#start;
    const at = new Date(time).getTime();
    if (Number.isNaN(at)) throw new Error(`Not a valid time: ${String(time)}.`);
    return at;
  }

  /** Makes this environment the one that serves calls made outside workflows, and returns its engine. */
  #activate(): Engine {
    if (!this.#engine) throw new Error("Call initialize() before using the TestEnvironment.");
    installServiceRuntime(this.#engine);
    return this.#engine;
  }

  /** Runs all work due now, with this environment serving calls made outside workflows. */
  #settle(): Promise<void> {
    return this.engine.drain();
  }
}
