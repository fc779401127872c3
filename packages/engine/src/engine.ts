import { EventEmitter } from "node:events";
import { hostname } from "node:os";
import type { EventualServiceClient, Execution, SerializedError } from "@eventual/core";
import { BadRequestError, ConflictError, NotFoundError } from "@eventual/core";
import type {
  CompleteActivityRequest,
  PublishedEvent,
  SendSignalRequest,
  ServiceRegistry,
  ServiceRuntime,
  StartExecutionRequest,
  StartExecutionResponse,
} from "@eventual/core/internal";
import {
  getRegistry,
  installExecutionScopes,
  serializeError,
  validateEvent,
} from "@eventual/core/internal";
import type { Clock } from "./clock.js";
import { systemClock } from "./clock.js";
import { executionScopes } from "./code-scope.js";
import { codeVersion } from "./code-version.js";
import type { CrashPoint } from "./crash-points.js";
import { installSandbox, realDate, realSetImmediate } from "./executor/sandbox.js";
import type { HistoryEvent } from "./history.js";
import { newId } from "./ids.js";
import { defaultMaxJsonDepth, jsonProblem } from "./json-values.js";
import { EventPusher } from "./links/event-pusher.js";
import type {
  LinkedPublisher,
  PushedEvent,
  PushOutcome,
  ServiceLinks,
} from "./links/service-links.js";
import { Subscribers } from "./links/subscriber-table.js";
import { LocalServiceClient } from "./local-service-client.js";
import { installConsoleCapture, printLog } from "./logs/console-capture.js";
import { activityCompletion, cancelWrite, newExecution, signalWrite } from "./records.js";
import { decodeActivityToken } from "./scheduler/activity-token.js";
import type { ActivityHandlerLookup } from "./scheduler/activity-worker.js";
import { ActivityWorker, parseActivityKey } from "./scheduler/activity-worker.js";
import { DeliveryWorker } from "./scheduler/delivery-worker.js";
import { type EndingWait, EndingWaiters } from "./scheduler/ending-waiters.js";
import type { EngineContext, EngineEvents } from "./scheduler/engine-context.js";
import { GroupCommitter } from "./scheduler/group-committer.js";
import { HeldExecutions, type HoldRetry } from "./scheduler/held-executions.js";
import { StepRunner } from "./scheduler/step-runner.js";
import { fanOut } from "./scheduler/step-writes.js";
import { activityHeartbeatTimer } from "./scheduler/timers.js";
import { WorkLoop } from "./scheduler/work-loop.js";
import type {
  ExecutionQuery,
  ExecutionRecord,
  LogRecord,
  NodeRecord,
  Store,
  Write,
  WriteOf,
  WriteResult,
} from "./store/store.js";

export interface EngineOptions {
  store: Store;
  /** The service's declarations; by default everything imported into this process. */
  registry?: ServiceRegistry;
  clock?: Clock;
  /** Names this engine in leases; unique per process. */
  owner?: string;
  /** Live workflow instances kept in memory; 0 replays history on every task. */
  cacheSize?: number;
  leaseMs?: number;
  /** Where activity code is looked up; the TestEnvironment puts its mocks here. */
  activityHandlers?: ActivityHandlerLookup;
  newId?: () => string;
  onError?: (error: unknown, during: string) => void;
  /** Print captured `console` output of service code to the terminal (default true). */
  echoLogs?: boolean;
  /** How a captured line is printed; by default, tagged with its execution, on the terminal. */
  printLog?: (log: LogRecord) => void;
  /** How the service calls itself in `GET /_eventual/service` (default "service"). */
  serviceName?: string;
  /**
   * How deep a value from outside (an input, a payload, an event, a result) may nest (default
   * 256); a deeper one is refused with a `BadRequestError` before anything is stored.
   */
  maxJsonDepth?: number;
  /** Where tests stop the engine on its commit path (see `CrashPoint`); never, by default. */
  crashPoint?: CrashPoint;
  /** The other services of its app that this one pushes events to and receives events from. */
  links?: ServiceLinks;
  /** The other services of its app, for `getServiceClient(name)`; none by default. */
  serviceClients?: (service: string) => EventualServiceClient | undefined;
  /**
   * How long the ids of events received from other services are kept to tell a push repeated
   * from a new one, in ms (default 30 days: far past the publishers' retries).
   */
  receivedEventRetentionMs?: number;
}

/** How often a live engine that receives events forgets the old ones. */
const forgetReceivedEveryMs = 60 * 60 * 1000;

/** How often a live engine records itself as a node (see `NodeRecord`). */
const recordNodeEveryMs = 10_000;

/**
 * A node seen this recently is up: it records itself every 10 s, so one that missed two records
 * in a row (its process gone, or cut off from the store) is no longer listed.
 */
const nodeUpWithinMs = 30_000;

const executionNamePattern = /^[A-Za-z0-9._-]{1,128}$/;

/**
 * One durable workflow engine over one store. It serves the operations a host exposes (start,
 * signal, cancel, publish, complete activities) and runs the work they create.
 *
 * @example
 * const engine = new Engine({ store: new MemoryStore() });
 * const { executionId } = await engine.startExecution({ workflow: "processOrder", input: order });
 * await engine.drain();
 */
export class Engine implements ServiceRuntime {
  readonly store: Store;
  readonly clock: Clock;
  readonly registry: ServiceRegistry;
  readonly events = new EventEmitter<{ [K in keyof EngineEvents]: [EngineEvents[K]] }>();
  /** This engine as the service client: what `getServiceClient()` returns inside the service. */
  readonly client: EventualServiceClient;
  readonly #context: EngineContext;
  readonly #steps: StepRunner;
  readonly #activities: ActivityWorker;
  readonly #held: HeldExecutions;
  readonly #deliveries: DeliveryWorker;
  #loop?: WorkLoop;
  #leaseRenewal?: NodeJS.Timeout;
  #wakeups?: Promise<() => Promise<void>>;
  readonly #endings = new EndingWaiters();
  readonly #links: ServiceLinks;
  readonly #serviceClients: EngineOptions["serviceClients"];
  readonly #receivedEventRetentionMs: number;
  #forgetting?: NodeJS.Timeout;
  /** This engine as a node, from `start()` to `stop()`; recorded by `#nodeRecording`. */
  #node?: Omit<NodeRecord, "seenAt">;
  #nodeRecording?: NodeJS.Timeout;
  /** The record of this node in flight, if one is: at most one at a time. */
  #recordingNode?: Promise<void>;

  constructor(options: EngineOptions) {
    installEngineScopes();
    this.store = options.store;
    this.clock = options.clock ?? systemClock;
    this.registry = options.registry ?? getRegistry();
    this.client = new LocalServiceClient(this, options.serviceName ?? "service");
    const committer = new GroupCommitter(this.store, options.crashPoint);
    const onError =
      options.onError ?? ((error, during) => console.error(`Eventual: ${during} failed:`, error));
    const linked = options.links?.subscribers ?? [];
    if (linked.length > 0 && !options.links?.push) {
      throw new Error("Services subscribe to this one's events, but no push carries them.");
    }
    this.#links = options.links ?? {};
    this.#serviceClients = options.serviceClients;
    this.#receivedEventRetentionMs = options.receivedEventRetentionMs ?? 30 * 24 * 60 * 60 * 1000;
    this.#context = {
      registry: this.registry,
      subscribers: new Subscribers(this.registry, linked),
      linked: {
        subscribers: new Map(linked.map((subscriber) => [subscriber.service, subscriber])),
        ...(options.links?.push ? { pusher: new EventPusher(options.links.push) } : {}),
      },
      store: this.store,
      committer,
      clock: this.clock,
      owner: options.owner ?? `engine-${newId()}`,
      leaseMs: options.leaseMs ?? 30_000,
      newId: options.newId ?? newId,
      emit: (type, detail) =>
        (this.events.emit as (t: string, d: unknown) => boolean)(type, detail),
      reportError: onError,
      wake: () => this.#loop?.wake(),
      wakeAt: (time) => this.#loop?.wakeAt(time),
      echoLog: options.echoLogs === false ? () => {} : (options.printLog ?? echoLog),
      maxJsonDepth: options.maxJsonDepth ?? defaultMaxJsonDepth,
    };
    this.#steps = new StepRunner(this.#context, options.cacheSize ?? 2_000);
    const handlers =
      options.activityHandlers ?? ((name: string) => this.registry.activities.get(name)?.handler);
    this.#activities = new ActivityWorker(this.#context, handlers, this.#steps);
    this.#held = new HeldExecutions(this.#context);
    this.#deliveries = new DeliveryWorker(this.#context);
    this.events.on("workflowTask", ({ executionId, ended }) => {
      if (ended) this.#endings.notify(executionId, ended);
    });
  }

  startExecution(request: StartExecutionRequest): Promise<StartExecutionResponse> {
    return this.#startExecution(request);
  }

  /**
   * Starts an execution and resolves once it has ended, or as it is when `timeoutMs` of real time
   * ran out. A new execution's end is learned from the step that ended it, here, without reading
   * the store; one that existed already, or ended on another engine, is read.
   */
  async startAndWait(
    request: StartExecutionRequest,
    timeoutMs: number,
  ): Promise<StartExecutionResponse & { execution: Execution }> {
    const deadline = realDate.now() + timeoutMs;
    let waiting: { record: ExecutionRecord; ending: EndingWait } | undefined;
    const started = await this.#startExecution(request, (record) => {
      waiting = { record, ending: this.#endings.wait(record.id) };
    }).catch((error: unknown) => {
      waiting?.ending.cancel();
      throw error;
    });
    if (waiting && !started.alreadyRunning) {
      // Past the first poll interval, `waitForExecution` also notices ends on other engines.
      const ended = await waiting.ending.within(Math.min(timeoutMs, endingPollMs));
      if (ended) return { ...started, execution: { ...toExecution(waiting.record), ...ended } };
    }
    waiting?.ending.cancel();
    const remaining = Math.max(0, deadline - realDate.now());
    return { ...started, execution: await this.waitForExecution(started.executionId, remaining) };
  }

  async #startExecution(
    request: StartExecutionRequest,
    beforeCommit?: (execution: ExecutionRecord) => void,
  ): Promise<StartExecutionResponse> {
    const workflow = this.registry.workflows.get(request.workflow);
    if (!workflow)
      throw new NotFoundError(`Workflow "${request.workflow}" is not declared by this service.`);
    if (request.executionName !== undefined && !executionNamePattern.test(request.executionName)) {
      throw new BadRequestError(
        `executionName "${request.executionName}" is invalid: use 1 to 128 letters, digits, '.', '_' or '-'.`,
      );
    }
    this.#assertStorable(request.input, "The input");
    const executionId = `${workflow.name}~${request.executionName ?? this.#context.newId()}`;
    const create = newExecution({
      id: executionId,
      ...(request.executionName === undefined ? {} : { name: request.executionName }),
      workflowName: workflow.name,
      version: codeVersion(workflow),
      input: request.input,
      now: this.clock.now(),
      timeout: request.timeout ?? workflow.options.timeout,
    });
    beforeCommit?.(create.execution);
    const result = await this.#steps.start(create);
    return { executionId, alreadyRunning: result === "exists" };
  }

  async getExecution(executionId: string): Promise<Execution | undefined> {
    const record = await this.store.getExecution(executionId);
    return record && toExecution(record);
  }

  /** The execution, or a `not_found` refusal. */
  async requireExecution(executionId: string): Promise<Execution> {
    return toExecution(await this.#existing(executionId));
  }

  /**
   * Resolves with the execution once it has ended, or as it is when `timeoutMs` of real time ran
   * out. Woken by this engine's own workflow tasks; polls now and then for ends committed by
   * other engines on the same store.
   */
  async waitForExecution(
    executionId: string,
    timeoutMs: number,
    pollMs = endingPollMs,
  ): Promise<Execution> {
    const deadline = realDate.now() + timeoutMs;
    for (;;) {
      const ending = this.#endings.wait(executionId);
      const execution = await this.requireExecution(executionId);
      const remaining = deadline - realDate.now();
      if (execution.status !== "IN_PROGRESS" || remaining <= 0) {
        ending.cancel();
        return execution;
      }
      const ended = await ending.within(Math.min(remaining, pollMs));
      if (ended) return { ...execution, ...ended };
    }
  }

  /** Console output captured from the execution's workflow, activities and children. */
  async getLogs(executionId: string): Promise<LogRecord[]> {
    await this.#existing(executionId);
    return this.store.getLogs({ executionId });
  }

  async listExecutions(
    query: ExecutionQuery,
  ): Promise<{ executions: Execution[]; nextToken?: string }> {
    const page = await this.store.listExecutions(query);
    return { ...page, executions: page.executions.map(toExecution) };
  }

  async getHistory(executionId: string): Promise<HistoryEvent[]> {
    await this.#existing(executionId);
    return this.store.getHistory(executionId);
  }

  /** Sends a signal; refused with 404 for an unknown execution and 409 for one that has ended. */
  async sendSignal(request: SendSignalRequest): Promise<void> {
    this.#assertStorable(request.payload, `The payload of signal "${request.signal}"`);
    await this.#appendInbox(signalWrite(request.executionId, request, this.clock.now()));
  }

  /**
   * Cancels a running execution; one that is held ends without its code (see
   * `CodelessCancellation`), so it can be cancelled whatever its code has become.
   */
  async cancelExecution(executionId: string, reason?: string): Promise<void> {
    const cancel = cancelWrite(executionId, reason, this.clock.now());
    const [result] = await this.#commit([cancel, { type: "setHold", executionId, held: null }]);
    this.#refuseAppend(executionId, result!);
  }

  /**
   * Refuses a value from outside that could not be stored, before it joins a commit: a commit
   * holds many callers' writes, and one that cannot be written must not fail the others.
   */
  #assertStorable(value: unknown, what: string): void {
    const problem = jsonProblem(value, this.#context.maxJsonDepth);
    if (problem !== undefined) throw new BadRequestError(`${what} ${problem}.`);
  }

  async #appendInbox(write: WriteOf<"appendInbox">): Promise<void> {
    const [result] = await this.#commit([write]);
    this.#refuseAppend(write.executionId, result!);
  }

  #refuseAppend(executionId: string, result: WriteResult): void {
    if (result === "not_found")
      throw new NotFoundError(`Execution "${executionId}" does not exist.`);
    if (result === "ended") throw new ConflictError(`Execution "${executionId}" has ended.`);
  }

  /**
   * Stores the events with one delivery per subscriber, all or none: refuses an event this
   * service does not declare (`NotFoundError`) or one that violates its schema (`BadRequestError`).
   */
  async publishEvents(events: PublishedEvent[]): Promise<void> {
    const validated = events.map(({ name, event }) => {
      if (!this.registry.events.has(name)) {
        throw new NotFoundError(`Event "${name}" is not declared by this service.`);
      }
      this.#assertStorable(event, `The event "${name}"`);
      try {
        return { name, event: validateEvent(name, event, this.registry.events.get(name)) };
      } catch (error) {
        throw new BadRequestError(serializeError(error).message);
      }
    });
    const { published } = this.#context.subscribers.table;
    const deliveries = fanOut(validated, published, this.clock.now(), this.#context.newId);
    if (deliveries.length > 0) await this.#commit([{ type: "createDeliveries", deliveries }]);
  }

  /**
   * Stores events another service of the app pushed, each once whatever how often it is pushed,
   * with a delivery per subscriber here; answers only once they are stored. An event this
   * service does not take from `source`, or that breaks its schema, is refused alone.
   * `NotFoundError` when `source` publishes nothing to this service.
   */
  async receiveEvents(source: string, events: PushedEvent[]): Promise<PushOutcome[]> {
    const publisher = this.#links.publishers?.find((linked) => linked.service === source);
    if (!publisher)
      throw new NotFoundError(`Service "${source}" publishes nothing to this service.`);
    const now = this.clock.now();
    const { received } = this.#context.subscribers.table;
    const outcomes: PushOutcome[] = [];
    const writes: WriteOf<"receiveEvent">[] = [];
    for (const { id, name, event } of events) {
      const accepted = this.#acceptEvent(publisher, name, event);
      if ("error" in accepted) {
        outcomes.push({ status: "refused", error: accepted.error });
        continue;
      }
      outcomes.push({ status: "stored" });
      const deliveries = fanOut(
        [{ name, event: accepted.event }],
        received,
        now,
        this.#context.newId,
      );
      writes.push({ type: "receiveEvent", source, eventId: id, receivedAt: now, deliveries });
    }
    const results = writes.length > 0 ? await this.#commit(writes) : [];
    let written = 0;
    return outcomes.map((outcome) =>
      outcome.status === "refused" || results[written++] !== "duplicate"
        ? outcome
        : { status: "duplicate" },
    );
  }

  /** The event as this service stores it, or why it refuses it. */
  #acceptEvent(
    publisher: LinkedPublisher,
    name: string,
    event: unknown,
  ): { event: unknown } | { error: SerializedError } {
    const refuse = (error: Error) => ({ error: serializeError(error) });
    if (!publisher.events.includes(name)) {
      return refuse(
        new NotFoundError(`This service takes no event "${name}" from ${publisher.service}.`),
      );
    }
    const problem = jsonProblem(event, this.#context.maxJsonDepth);
    if (problem !== undefined) return refuse(new BadRequestError(`The event ${problem}.`));
    const declaration = this.registry.events.get(name);
    if (!declaration) return { event };
    try {
      return { event: validateEvent(name, event, declaration) };
    } catch (error) {
      return refuse(new BadRequestError(serializeError(error).message));
    }
  }

  /**
   * Forgets the events received longer ago than the retention: a live engine that receives
   * events does it every hour.
   */
  async forgetReceivedEvents(): Promise<void> {
    const before = this.clock.now() - this.#receivedEventRetentionMs;
    await this.#commit([{ type: "forgetReceivedEvents", before }]);
  }

  /**
   * The nodes that are up: the engines taking work from this store (many `eventual serve`
   * processes may share one database) that recorded themselves within the last 30 s, the
   * earliest started first. `self` marks this engine; one that was not started (`start()`) has
   * not recorded itself, and lists only the others.
   */
  async listNodes(): Promise<(NodeRecord & { self: boolean })[]> {
    const nodes = await this.store.listNodes(this.clock.now() - nodeUpWithinMs);
    return nodes.map((node) => ({ ...node, self: node.id === this.#context.owner }));
  }

  /** Another service of the app, as `getServiceClient(name)` reaches it. */
  serviceClient(service: string): EventualServiceClient | undefined {
    return this.#serviceClients?.(service);
  }

  /** Completes an activity that returned `asyncResult`; a second completion is ignored. */
  async completeActivity(request: CompleteActivityRequest): Promise<void> {
    const { executionId, seq } = decodeActivityToken(request.activityToken);
    if ("error" in request) this.#assertStorable(request.error, "The activity's error");
    else this.#assertStorable(request.result, "The activity's result");
    const event = activityCompletion(seq, request, this.clock.now());
    await this.#commit([{ type: "settleActivity", executionId, seq, event }]);
  }

  /** Heartbeats an activity by token; `cancelled` once it is no longer wanted. */
  async heartbeatActivity(activityToken: string): Promise<{ cancelled: boolean }> {
    const { executionId, seq, name, attempt } = decodeActivityToken(activityToken);
    const policy = this.registry.activities.get(name)?.options ?? {};
    const now = this.clock.now();
    const timer = activityHeartbeatTimer(executionId, seq, name, policy, now, attempt);
    return this.#activities.heartbeat(executionId, seq, timer);
  }

  /**
   * Tries a held execution again against this engine's code: released if its history replays
   * now, still held (with what diverges now) if not. `notHeld` for one that is not held.
   */
  async releaseExecution(executionId: string): Promise<HoldRetry> {
    return this.#held.retry(await this.#existing(executionId));
  }

  /** Tries every held execution again, as `start` does: what each came to. */
  async releaseHolds(): Promise<HoldRetry[]> {
    return this.#held.retryAll();
  }

  /**
   * Redrives a dead letter now: its subscriber (or push) runs again from a first attempt. Only a
   * dead letter: a delivery still being tried is not one, and is refused as not found.
   */
  async redriveDelivery(id: string): Promise<void> {
    const [result] = await this.#commit([
      { type: "redriveDelivery", id, availableAt: this.clock.now() },
    ]);
    if (result === "stale") throw new NotFoundError(`Dead letter "${id}" does not exist.`);
  }

  /** Fires due timers and runs every ready workflow task, activity and delivery once. */
  async runDueWork(): Promise<number> {
    const fired = await this.store.fireDueTimers(this.clock.now(), 1000);
    // Workflow tasks commit before activities and subscribers run: how long a task takes depends
    // on whether its instance was cached, so nothing else may race its commit into an inbox.
    const tasks = await ranToEnd(this.#steps.dispatch(stepLimit));
    const [activities, deliveries] = await Promise.all([
      ranToEnd(this.#activities.dispatch(stepLimit)),
      ranToEnd(this.#deliveries.dispatch(stepLimit)),
    ]);
    return fired + tasks + activities + deliveries;
  }

  /** Runs work until none is due at the clock's current time. */
  async drain(): Promise<void> {
    while ((await this.runDueWork()) > 0) {}
  }

  /**
   * Runs work continuously on the engine's clock until `stop()`: what a long-running host does.
   * Activities and subscribers run in the background, so a slow one holds up nothing else; calls
   * on this engine that create work, and work that finishes, wake the loop at once. `maxIdleMs`
   * bounds how long work committed by other processes can go unnoticed (`Infinity` when this
   * engine is the store's only writer).
   */
  start(options: { maxIdleMs?: number } = {}): void {
    this.#loop ??= new WorkLoop(
      async () => {
        // A synchronous store (SQLite) answers without yielding: step out to the event loop
        // between passes, so commits, timers and HTTP keep going while work pours in.
        while ((await this.#dispatch()) > 0)
          await new Promise((resolve) => realSetImmediate(resolve));
      },
      () => this.store.nextWakeTime(),
      this.clock,
      options.maxIdleMs,
      (error) => this.#context.reportError(error, "the work loop"),
    );
    this.#loop.start();
    // Live: steps lease the activities they schedule to this engine, which runs them at once
    // and applies their completions to the instances it holds.
    this.#steps.goLive({
      free: () => this.#activities.running.free,
      run: (tasks) => this.#activities.run(tasks),
    });
    // The code may have changed since they were held: those whose history replays now run on.
    this.#held.retryAll().catch((error) => this.#context.reportError(error, "held executions"));
    this.#leaseRenewal ??= setInterval(() => void this.#renewLeases(), this.#context.leaseMs / 3);
    if ((this.#links.publishers ?? []).length > 0) {
      this.#forgetting ??= setInterval(() => {
        this.forgetReceivedEvents().catch((error) =>
          this.#context.reportError(error, "forgetting received events"),
        );
      }, forgetReceivedEveryMs);
      this.#forgetting.unref();
    }
    this.#leaseRenewal.unref();
    if (!this.#nodeRecording) {
      this.#node = {
        id: this.#context.owner,
        host: hostname(),
        pid: process.pid,
        startedAt: this.clock.now(),
      };
      // Its own timer, not the lease renewal's: that one follows leaseMs, this the 30 s window.
      this.#nodeRecording = setInterval(() => this.#recordNode(), recordNodeEveryMs);
      this.#nodeRecording.unref();
      this.#recordNode();
    }
    this.#wakeups ??= this.store.subscribeToWakeups?.(() => this.#loop?.wake());
  }

  /** Records this node as seen now, unless a record is still in flight or the engine stopped. */
  #recordNode(): void {
    const node = this.#node;
    if (!node || this.#recordingNode) return;
    this.#recordingNode = this.store
      .recordNode({ ...node, seenAt: this.clock.now() })
      .catch((error) => this.#context.reportError(error, "recording this node"))
      .finally(() => {
        this.#recordingNode = undefined;
      });
  }

  /** Removes this node from the store once no record of it is in flight to bring it back. */
  async #removeNode(): Promise<void> {
    clearInterval(this.#nodeRecording);
    this.#nodeRecording = undefined;
    const node = this.#node;
    this.#node = undefined;
    await this.#recordingNode;
    if (!node) return;
    try {
      await this.store.removeNode(node.id);
    } catch (error) {
      this.#context.reportError(error, "removing this node");
    }
  }

  /**
   * Stops claiming work and waits, up to `graceMs`, for running activities and subscribers to
   * finish. Whatever is still running then keeps its lease until it expires, and runs again.
   */
  async stop(options: { graceMs?: number } = {}): Promise<void> {
    clearInterval(this.#leaseRenewal);
    this.#leaseRenewal = undefined;
    clearInterval(this.#forgetting);
    this.#forgetting = undefined;
    // A stopping engine takes no more work: it is no longer a node, even while it drains. The
    // removal waits with the drain, so a store that does not answer holds it up no longer.
    const removing = this.#removeNode();
    const wakeups = this.#wakeups;
    this.#wakeups = undefined;
    await (await wakeups)?.();
    await this.#loop?.stop();
    this.#loop = undefined;
    this.#steps.stopLive();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all([
        this.#steps.running.idle(),
        this.#activities.running.idle(),
        this.#deliveries.running.idle(),
        removing,
      ]),
      new Promise((resolve) => {
        timer = setTimeout(resolve, options.graceMs ?? 10_000);
      }),
    ]);
    clearTimeout(timer);
  }

  /**
   * One pass of the live loop: fire due timers, then start ready workflow tasks, activities and
   * deliveries, each running in the background, so the loop is back for the next due timer at once.
   */
  async #dispatch(): Promise<number> {
    const fired = await this.store.fireDueTimers(this.clock.now(), 1000);
    const tasks = await this.#steps.dispatch();
    const activities = await this.#activities.dispatch();
    const deliveries = await this.#deliveries.dispatch();
    return fired + tasks.length + activities.length + deliveries.length;
  }

  /** Keeps the leases of long-running activities and subscribers from expiring under them. */
  async #renewLeases(): Promise<void> {
    const activities = this.#activities.running.keys().map(parseActivityKey);
    const deliveries = this.#deliveries.running.keys();
    if (activities.length === 0 && deliveries.length === 0) return;
    const { owner, leaseMs } = this.#context;
    try {
      await this.#context.committer.submit([
        { type: "renewLeases", owner, until: this.clock.now() + leaseMs, activities, deliveries },
      ]);
    } catch (error) {
      this.#context.reportError(error, "renewing leases");
    }
  }

  /** Tells the host's error log (`onError`) about a failure it recovered from. */
  reportError(error: unknown, during: string): void {
    this.#context.reportError(error, during);
  }

  /** Cached live instances; for tests and metrics. */
  get cachedInstances(): number {
    return this.#steps.cache.size;
  }

  async #existing(executionId: string): Promise<ExecutionRecord> {
    const record = await this.store.getExecution(executionId);
    if (!record) throw new NotFoundError(`Execution "${executionId}" does not exist.`);
    return record;
  }

  async #commit(writes: Write[]): Promise<WriteResult[]> {
    const results = await this.#context.committer.submit(writes);
    this.#loop?.wake();
    return results;
  }
}

/** How often a caller waiting for an execution's end looks for ends committed by other engines. */
const endingPollMs = 1000;

/** How much of each kind of work one round of `runDueWork` claims. */
const stepLimit = 200;

/** How many pieces of work were started, once every one of them has finished. */
async function ranToEnd(started: Promise<Promise<void>[]>): Promise<number> {
  const pieces = await started;
  await Promise.all(pieces);
  return pieces.length;
}

/** The public shape of a stored execution. */
export function toExecution(record: ExecutionRecord): Execution {
  const { name, parentSeq, historyLength, ...execution } = record;
  return execution;
}

/** Prints a captured log line, tagged with where it came from. */
function echoLog(log: LogRecord): void {
  const origin =
    log.executionId === undefined
      ? log.source
      : log.source === "workflow"
        ? log.executionId
        : `${log.executionId} ${log.source}`;
  printLog(log.level, `[${origin}] ${log.message}`);
}

/** Points `@eventual/core`'s primitives at the engine's async scopes; once per process. */
function installEngineScopes(): void {
  installSandbox();
  installConsoleCapture();
  installExecutionScopes(executionScopes);
}
