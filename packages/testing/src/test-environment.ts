import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { Activity, Event, Execution, ExecutionHandle, Signal, Workflow } from "@eventual/core";
import { getRegistry, installServiceRuntime } from "@eventual/core/internal";
import type { HistoryEvent } from "@eventual/engine";
import { Engine, MemoryStore, VirtualClock } from "@eventual/engine";
import { userRoutes } from "@eventual/server";
import { MockActivity } from "./mock-activity.js";

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

  /** Starts an execution and runs it as far as the current time allows. */
  async startExecution<Input, Output>(
    workflow: WorkflowRef<Input, Output>,
    input?: Input,
    options: { executionName?: string; timeout?: number } = {},
  ): Promise<ExecutionHandle<Output>> {
    const name = typeof workflow === "string" ? workflow : workflow.workflowName;
    const { executionId } = await this.engine.startExecution({ workflow: name, input, ...options });
    await this.#settle();
    return {
      executionId,
      getStatus: () => this.getExecution(executionId) as Promise<Execution<Output>>,
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

  /** Sends a signal and runs what it unblocks. */
  async sendSignal<Payload>(
    execution: string | ExecutionHandle<any>,
    signal: Signal<Payload> | string,
    payload?: Payload,
    options: { id?: string } = {},
  ): Promise<void> {
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

  async publishEvents<E>(event: Event<E>, ...payloads: E[]): Promise<void> {
    await this.engine.publishEvents(
      payloads.map((payload) => ({ name: event.name, event: payload })),
    );
    await this.#settle();
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

  async sendActivityFailure(request: { activityToken: string; error: string; message?: string }) {
    await this.engine.completeActivity({
      activityToken: request.activityToken,
      error: { name: request.error, message: request.message ?? "" },
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

  /** Sets time back to the start, keeping executions. */
  resetTime(): void {
    this.#clock.set(this.#start);
  }

  /** A fresh store, no mocks, time at the start. */
  reset(): void {
    this.#mocks.clear();
    this.#clock = new VirtualClock(this.#start);
    this.#routes = undefined;
    const registry = getRegistry();
    let lastId = 0;
    this.#engine = new Engine({
      newId: () => String(++lastId).padStart(6, "0"),
      store: new MemoryStore(),
      clock: this.#clock,
      cacheSize: this.#options.cacheSize,
      activityHandlers: (name) =>
        this.#mocks.get(name)?.handler ?? registry.activities.get(name)?.handler,
    });
    installServiceRuntime(this.#engine);
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
