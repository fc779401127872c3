import type { SerializedError } from "@eventual/core";
import { DeterminismError, Timeout } from "@eventual/core";
import type {
  ChildWorkflowCall,
  ChildWorkflowOptions,
  PublishedEvent,
  WorkflowDeclaration,
  WorkflowRuntime,
} from "@eventual/core/internal";
import { deserializeError, serializeError } from "@eventual/core/internal";
import { type CodeScope, codeScope } from "../code-scope.js";
import type {
  CommandEvent,
  HistoryEvent,
  InputEvent,
  OutcomeEvent,
  PatchApplied,
} from "../history.js";
import { isCommandEvent, isInputEvent, isOutcomeEvent } from "../history.js";
import { failureOf } from "../own-stack.js";
import type { LogLevel } from "../store/store.js";
import { describeCommand, sameCommand } from "./command-match.js";
import type { DeterministicScope } from "./sandbox.js";
import { drainMicrotasks, realDate, seededRandom } from "./sandbox.js";

/** Who the execution is, as the workflow's context shows it. */
export interface ExecutionIdentity {
  id: string;
  name: string;
  workflowName: string;
  parentId?: string;
  /** The parent's `seq` for this child, to report the result back. */
  parentSeq?: number;
}

/** What applying events produced: history to append, the new commands among it, and the end. */
export interface WorkflowStep {
  /** Applied inputs, new commands and the outcome, in the order they happened. */
  history: HistoryEvent[];
  /** The new commands that ask for something: all but `PatchApplied`. */
  commands: Exclude<CommandEvent, PatchApplied>[];
  /** `console` output of this step, if any; none while replaying, so each line is stored once. */
  logs?: StepLog[];
  /** Children still running when the execution failed or was cancelled: they are cancelled too. */
  cancelChildren?: string[];
  outcome?: OutcomeEvent;
}

/** A line of `console` output from workflow code, at the time of the event being applied. */
export interface StepLog {
  time: number;
  level: LogLevel;
  message: string;
}

type Waiter = { settle(event: InputEvent): void };

/**
 * A live execution of a workflow: the function runs on native promises, and each input event
 * settles the promise of the call it completes. Events are applied one at a time, each followed by
 * a macrotask boundary so every continuation it unlocks runs to its next suspension; that makes the
 * order of calls, and so their sequence numbers, a function of history alone.
 *
 * No I/O: the caller stores what `apply` returns, and discards the instance if that fails.
 */
export class WorkflowInstance implements WorkflowRuntime, DeterministicScope {
  now = 0;
  readonly random: () => number;
  /** Length of the history this instance has applied; a cache hit must match the stored length. */
  historyLength = 0;

  #nextSeq = 0;
  readonly #waiters = new Map<number, Waiter>();
  /** Child executions by the `seq` that started them. */
  readonly #children = new Map<number, string>();
  readonly #signalWaiters = new Map<string, Set<(payload: unknown) => void>>();
  readonly #signalHandlers = new Map<string, Set<(payload: unknown) => unknown>>();
  /**
   * Payloads of signals that arrived while nothing took them, oldest first, by signal name. Built
   * from the `SignalReceived` events applied, so a replay rebuilds it event for event.
   */
  readonly #keptSignals = new Map<string, unknown[]>();
  readonly #conditions = new Set<{ predicate: () => boolean; resolve(met: boolean): void }>();
  /** What `patched` answered for each change, which it answers again. */
  readonly #patches = new Map<string, boolean>();
  #replaying = false;
  #recorded: CommandEvent[] = [];
  #replayCursor = 0;
  #step: WorkflowStep = { history: [], commands: [] };
  #outcome?: OutcomeEvent;
  #determinismError?: DeterminismError;
  /** What the workflow's code runs in: made once, since conditions enter it at every event. */
  readonly #scope: CodeScope = { workflow: this };

  constructor(
    readonly workflow: WorkflowDeclaration,
    readonly execution: ExecutionIdentity,
  ) {
    this.random = seededRandom(execution.id);
  }

  get outcome(): OutcomeEvent | undefined {
    return this.#outcome;
  }

  /** Takes the workflow code's `console` output (see the console capture). */
  log(level: LogLevel, message: string): void {
    if (this.#replaying) return;
    this.#step.logs ??= [];
    this.#step.logs.push({ time: this.now, level, message });
  }

  /**
   * Rebuilds an instance from stored history without producing anything new. Throws a
   * `DeterminismError` if the code now issues different commands than history recorded.
   * The workflow receives the values in `history` itself, so hand over a history you will not
   * read again (as one just loaded from the store).
   */
  static async replay(
    workflow: WorkflowDeclaration,
    execution: ExecutionIdentity,
    history: HistoryEvent[],
  ): Promise<WorkflowInstance> {
    const instance = new WorkflowInstance(workflow, execution);
    instance.#replaying = true;
    instance.#recorded = history.filter(isCommandEvent);
    for (const event of history) {
      if (isInputEvent(event) && instance.#dispatchInput(event)) {
        do await drainMicrotasks();
        while (instance.#checkConditions());
      }
      instance.#failOnDivergence();
    }
    instance.#failOnUnfinishedReplay(history);
    instance.#replaying = false;
    instance.#recorded = [];
    instance.#step = { history: [], commands: [] };
    instance.historyLength = history.length;
    return instance;
  }

  /** Applies new input events in order and returns what they produced. */
  async apply(events: InputEvent[]): Promise<WorkflowStep> {
    this.#step = { history: [], commands: [] };
    for (const event of events) {
      if (this.#outcome) break;
      // The workflow sees the event as history stores it (a Date as its ISO string, NaN as
      // null), since that is what a replay will give it; a copy of its own, as it may mutate it.
      const stored = JSON.stringify(event);
      this.#step.history.push(JSON.parse(stored));
      if (!this.#dispatchInput(JSON.parse(stored))) continue;
      // The workflow's code runs until it waits on something new: every continuation, then any
      // `condition` that now holds. Inline, as an async call here is a promise more per step.
      do await drainMicrotasks();
      while (this.#checkConditions());
    }
    const step = this.#step;
    this.historyLength += step.history.length;
    return step;
  }

  /** Hands an input event to the workflow; false when it has nothing to run for it. */
  #dispatchInput(event: InputEvent): boolean {
    // A failed attempt's record is for people: not even the clock moves, so a history with or
    // without such records runs the same code the same way.
    if (this.#outcome || event.type === "ActivityRetrying") return false;
    this.now = realDate.parse(event.timestamp);
    this.#dispatch(event);
    return true;
  }

  #dispatch(event: InputEvent): void {
    if (event.type === "WorkflowStarted") this.#start(event.input);
    else if (event.type === "SignalReceived") this.#deliverSignal(event.signal, event.payload);
    else if (event.type === "WorkflowCancelRequested") {
      this.#end({ type: "WorkflowCancelled", reason: event.reason, timestamp: this.#iso() });
    } else if (event.type === "WorkflowTimedOut") {
      this.#fail(handOver(new Timeout("Workflow timed out.")));
    } else {
      const waiter = this.#waiters.get(event.seq);
      if (!waiter) return; // a duplicate or late completion: already settled
      this.#waiters.delete(event.seq);
      waiter.settle(event);
    }
  }

  #start(input: unknown): void {
    const context = {
      execution: {
        id: this.execution.id,
        name: this.execution.name,
        parentId: this.execution.parentId,
        startTime: this.#iso(),
      },
      workflow: { name: this.workflow.name },
    };
    codeScope
      .run(this.#scope, async () => this.workflow.handler(input, context))
      .then(
        (result) => this.#succeed(result),
        (error) => this.#fail(error),
      );
  }

  /** Ends with `result`, or fails when it cannot be stored: the same on every replay. */
  #succeed(result: unknown): void {
    let outcome: OutcomeEvent;
    try {
      outcome = snapshot({ type: "WorkflowSucceeded", result, timestamp: this.#iso() });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.#fail(new TypeError(`The workflow's result cannot be stored: ${reason}`));
      return;
    }
    this.#end(outcome);
  }

  #fail(error: unknown): void {
    const failure = handedOver.has(error as object)
      ? { error: serializeError(error) }
      : failureOf(error);
    this.#end({ type: "WorkflowFailed", ...failure, timestamp: this.#iso() });
  }

  #end(outcome: OutcomeEvent): void {
    if (this.#outcome || this.#determinismError) return;
    this.#outcome = outcome;
    this.#step.history.push(outcome);
    this.#step.outcome = outcome;
    const running = [...this.#children].filter(([seq]) => this.#waiters.has(seq));
    if (outcome.type !== "WorkflowSucceeded" && running.length > 0) {
      this.#step.cancelChildren = running.map(([, executionId]) => executionId);
    }
  }

  #iso(): string {
    return new realDate(this.now).toISOString();
  }

  /** Records a command, or during replay checks it against the one history holds at its place. */
  #issue(command: CommandEvent): void {
    if (this.#outcome) return;
    // Copied on replay too, so a call whose arguments cannot be stored throws on both runs.
    const issued = snapshot(command);
    if (this.#replaying) {
      const recorded = this.#recorded[this.#replayCursor++];
      if (!recorded) {
        this.#determinismError ??= new DeterminismError(
          `At seq ${command.seq} the workflow now issues ${describeCommand(command)}, which history does not have.`,
        );
      } else if (!sameCommand(recorded, command)) {
        this.#determinismError ??= new DeterminismError(
          `At seq ${command.seq} history recorded ${describeCommand(recorded)}, but the workflow now issues ${describeCommand(command)}.`,
        );
      }
      return;
    }
    this.#step.history.push(issued);
    if (issued.type !== "PatchApplied") this.#step.commands.push(issued);
  }

  #failOnDivergence(): void {
    if (this.#determinismError) throw this.#determinismError;
  }

  /**
   * Once history is replayed, every recorded command must have been issued again, and the
   * workflow must have ended exactly if history records its end. An end that history lacks
   * cannot be kept: the replay's step is discarded, so the execution would never finish.
   */
  #failOnUnfinishedReplay(history: HistoryEvent[]): void {
    const missing = this.#recorded[this.#replayCursor];
    if (missing) {
      throw new DeterminismError(
        `History recorded ${describeCommand(missing)} at seq ${missing.seq}, but the workflow no longer issues it.`,
      );
    }
    const recordedEnd = history.find(isOutcomeEvent);
    if (this.#outcome && !recordedEnd) {
      throw new DeterminismError(
        `The workflow now ends with ${this.#outcome.type} after ${history.length} history events, but history records no end.`,
      );
    }
    if (recordedEnd && !this.#outcome) {
      throw new DeterminismError(
        `History recorded ${recordedEnd.type}, but the workflow no longer ends there.`,
      );
    }
  }

  #wait<T>(
    seq: number,
    settle: (event: InputEvent, resolve: (v: T) => void, reject: (e: unknown) => void) => void,
  ) {
    const { promise, resolve, reject } = deferred<T>();
    this.#waiters.set(seq, { settle: (event) => settle(event, resolve, reject) });
    return promise;
  }

  callActivity(name: string, args: unknown[]): Promise<unknown> {
    const seq = this.#nextSeq++;
    this.#issue({ type: "ActivityScheduled", seq, name, args, timestamp: this.#iso() });
    return this.#wait(seq, settleResult);
  }

  callChildWorkflow(
    name: string,
    input: unknown,
    options: ChildWorkflowOptions,
  ): ChildWorkflowCall {
    const seq = this.#nextSeq++;
    const executionId = `${this.execution.id}~${seq}`;
    this.#issue({
      type: "ChildWorkflowScheduled",
      seq,
      name,
      executionId,
      input,
      ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
      timestamp: this.#iso(),
    });
    this.#children.set(seq, executionId);
    return { executionId, result: this.#wait(seq, settleResult) };
  }

  sleepUntil(time: number): Promise<void> {
    const seq = this.#startTimer(time);
    return this.#wait(seq, (_event, resolve) => resolve(undefined));
  }

  #startTimer(time: number): number {
    const seq = this.#nextSeq++;
    const untilTime = new realDate(time).toISOString();
    this.#issue({ type: "TimerScheduled", seq, untilTime, timestamp: this.#iso() });
    return seq;
  }

  /** Starts a timer of `seconds` that calls `onTimeout` when it fires; the callback checks relevance. */
  #timeout(seconds: number, onTimeout: () => void): void {
    const seq = this.#startTimer(this.now + seconds * 1000);
    this.#waiters.set(seq, { settle: onTimeout });
  }

  expectSignal(name: string, timeoutSeconds: number | undefined): Promise<unknown> {
    const kept = this.#keptSignals.get(name);
    if (kept) {
      // Taken at once: no timer, since nothing is left to wait for.
      const payload = kept.shift();
      if (kept.length === 0) this.#keptSignals.delete(name);
      return Promise.resolve(payload);
    }
    const { promise, resolve, reject } = deferred<unknown>();
    const waiters = this.#signalWaiters.get(name) ?? new Set();
    this.#signalWaiters.set(name, waiters);
    const waiter = (payload: unknown) => {
      waiters.delete(waiter);
      resolve(payload);
    };
    waiters.add(waiter);
    if (timeoutSeconds !== undefined) {
      this.#timeout(timeoutSeconds, () => {
        if (!waiters.delete(waiter)) return;
        reject(
          handOver(new Timeout(`expectSignal("${name}") timed out after ${timeoutSeconds}s.`)),
        );
      });
    }
    return promise;
  }

  onSignal(name: string, handler: (payload: unknown) => unknown): { dispose(): void } {
    const handlers = this.#signalHandlers.get(name) ?? new Set();
    this.#signalHandlers.set(name, handlers);
    const entry = (payload: unknown) => handler(payload);
    handlers.add(entry);
    return { dispose: () => handlers.delete(entry) };
  }

  /**
   * A signal goes to every handler registered for it and to the oldest `expectSignal` waiting
   * for it, each chosen as it arrives (not one a handler starts while it runs); one that nothing
   * takes is kept for the next `expectSignal`.
   */
  #deliverSignal(name: string, payload: unknown): void {
    const handlers = [...(this.#signalHandlers.get(name) ?? [])];
    const [waiter] = this.#signalWaiters.get(name) ?? [];
    for (const handler of handlers) {
      codeScope.run(this.#scope, async () => handler(payload)).catch((error) => this.#fail(error));
    }
    if (waiter) waiter(payload);
    else if (handlers.length === 0) this.#keep(name, payload);
  }

  #keep(name: string, payload: unknown): void {
    const kept = this.#keptSignals.get(name) ?? [];
    kept.push(payload);
    this.#keptSignals.set(name, kept);
  }

  condition(predicate: () => boolean, timeoutSeconds: number | undefined): Promise<boolean> {
    if (predicate()) return Promise.resolve(true);
    const { promise, resolve } = deferred<boolean>();
    const entry = { predicate, resolve };
    this.#conditions.add(entry);
    if (timeoutSeconds !== undefined) {
      this.#timeout(timeoutSeconds, () => {
        if (this.#conditions.delete(entry)) resolve(false);
      });
    }
    return promise;
  }

  /** Resolves every condition whose predicate now holds; true if any did. */
  #checkConditions(): boolean {
    let resolved = false;
    for (const entry of [...this.#conditions]) {
      let met: boolean;
      try {
        met = codeScope.run(this.#scope, entry.predicate);
      } catch (error) {
        this.#fail(error);
        return false;
      }
      if (met) {
        this.#conditions.delete(entry);
        entry.resolve(true);
        resolved = true;
      }
    }
    return resolved;
  }

  sendSignal(executionId: string, signal: string, payload: unknown, id?: string): Promise<void> {
    const seq = this.#nextSeq++;
    this.#issue({
      type: "SignalSent",
      seq,
      executionId,
      signal,
      payload,
      ...(id === undefined ? {} : { id }),
      timestamp: this.#iso(),
    });
    return Promise.resolve();
  }

  /**
   * True when the execution runs the code after `changeId`: recorded in history the first time,
   * and found there on replay; false on replay of a history that got here without it. The first
   * answer for a change holds for the rest of the execution, so that calling it again later
   * cannot mix the branches of one change.
   */
  patched(changeId: string): boolean {
    const decided = this.#patches.get(changeId);
    if (decided !== undefined) return decided;
    const applied = this.#replaying
      ? this.#takeRecordedPatch(changeId)
      : this.#recordPatch(changeId);
    this.#patches.set(changeId, applied);
    return applied;
  }

  #recordPatch(changeId: string): true {
    const seq = this.#nextSeq++;
    this.#issue({ type: "PatchApplied", seq, changeId, timestamp: this.#iso() });
    return true;
  }

  /** Replays past the `PatchApplied` of `changeId` if history has it here; records nothing. */
  deprecatePatch(changeId: string): void {
    if (this.#replaying) this.#takeRecordedPatch(changeId);
  }

  /** On replay, takes the next recorded command if it is `changeId`'s patch. */
  #takeRecordedPatch(changeId: string): boolean {
    const recorded = this.#recorded[this.#replayCursor];
    if (recorded?.type !== "PatchApplied" || recorded.changeId !== changeId) return false;
    this.#replayCursor++;
    this.#nextSeq++;
    return true;
  }

  publishEvents(events: PublishedEvent[]): Promise<void> {
    const seq = this.#nextSeq++;
    this.#issue({ type: "EventsPublished", seq, events, timestamp: this.#iso() });
    return Promise.resolve();
  }
}

/**
 * Errors the engine gave workflow code: failures read from history (thrown by an activity or a
 * child, whose own events keep where) and timeouts. Their stacks are the engine's, not the
 * workflow's, so a workflow that fails with one records no stack.
 */
const handedOver = new WeakSet<object>();

function handOver<E extends Error>(error: E): E {
  handedOver.add(error);
  return error;
}

function settleResult(
  event: InputEvent,
  resolve: (value: unknown) => void,
  reject: (error: unknown) => void,
): void {
  if ("error" in event) reject(handOver(deserializeError(event.error as SerializedError)));
  else if ("result" in event) resolve(event.result);
  else resolve(undefined);
}

/**
 * A copy of an event as a store will write it. History is committed after the step, and workflow
 * code holds the very objects it received or passed: without the copy, a result it mutates (or
 * arguments it changes after the call) would be stored changed, and replay would diverge.
 */
function snapshot<T extends HistoryEvent>(event: T): T {
  return JSON.parse(JSON.stringify(event)) as T;
}

/**
 * A promise with its settle functions. It is marked handled so that a workflow that drops a failed
 * call (a floating activity, a race's loser) does not crash the process; awaiting it still throws.
 */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => {});
  return { promise, resolve, reject };
}
