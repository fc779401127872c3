import type { SerializedError } from "@eventual/core";
import { iso } from "../clock.js";
import { CodelessCancellation } from "../executor/codeless-cancellation.js";
import { InstanceCache } from "../executor/instance-cache.js";
import { replayHistory } from "../executor/replay-history.js";
import type { WorkflowStep } from "../executor/workflow-instance.js";
import { WorkflowInstance } from "../executor/workflow-instance.js";
import type { InputEvent } from "../history.js";
import type { ActivityTask, WorkflowTask, Write, WriteOf } from "../store/store.js";
import type { CommitTurn } from "./commit-turns.js";
import { commitTurns } from "./commit-turns.js";
import type { EngineContext } from "./engine-context.js";
import { InFlight } from "./in-flight.js";
import type { LocalTimer } from "./local-timers.js";
import { LocalTimers } from "./local-timers.js";
import type { StepContext, StepOrigin, StepWrites } from "./step-writes.js";
import { endedExecution, stepEffects, stepGroup, workDueFrom } from "./step-writes.js";

/** Where a live host runs the activities its steps schedule, at once and without a claim. */
export interface LocalActivities {
  /** How many more it can take now. */
  free(): number;
  run(tasks: ActivityTask[]): void;
}

/**
 * What makes a workflow take a step. `start`: a new execution's first step, where it was
 * started. `task`: a workflow task claimed from the store, with the inbox it consumes (signals,
 * cancels, completions from other processes arrive this way). `activity`: an activity that ran
 * here completed, applied to the live instance this process holds. `timer`: a short timer fired
 * here, where the live instance is.
 */
export type StepTrigger =
  | { type: "start"; create: WriteOf<"createExecution"> }
  | { type: "task"; task: WorkflowTask; turn: CommitTurn }
  | { type: "activity"; task: ActivityTask; event: InputEvent; extra: Write[] }
  | { type: "timer"; timer: LocalTimer };

/** How a trigger's step went; each trigger answers the ways other than `committed` in its own way. */
type StepOutcome =
  /** There is no instance to step here (or the execution is held). */
  | { type: "absent" }
  /** The store refused the group (`conflict`, `exists`): someone else moved the execution. */
  | { type: "lost" }
  | { type: "failed"; error: unknown }
  | { type: "committed" };

/** What takes a step: a workflow's instance, or a cancellation its code cannot take. */
type Stepper = WorkflowInstance | CodelessCancellation;

/** What a live host adds: activities a step schedules run here at once, short timers fire here. */
interface LiveMode {
  activities: LocalActivities;
  timers?: LocalTimers;
}

/**
 * Steps workflows: every trigger goes through `#step`, which gets the instance, applies the
 * trigger's events, builds one group of writes led by the trigger's guards, and commits it. The
 * instance returns to the cache only once its commit has landed. Each trigger's public method
 * then answers what `#step` could not do: its fallback.
 *
 * Claimed tasks (`dispatch`) run concurrently but submit their commits in claim order, so what
 * other executions receive from them arrives in an order the cache cannot change. On a live host
 * (`goLive`) the other triggers step where the event happened, so a step costs one commit: the
 * first step of an execution started here, an activity's completion, a short timer.
 */
export class StepRunner {
  readonly running: InFlight<string>;
  readonly cache: InstanceCache;
  #live?: LiveMode;

  constructor(
    private readonly context: EngineContext,
    cacheSize: number,
    capacity = 500,
  ) {
    this.cache = new InstanceCache(cacheSize);
    // Events may have reached a task's inbox while it ran, held back by its lease: look again.
    this.running = new InFlight(capacity, context.wake, {
      always: true,
      onError: (error) => context.reportError(error, "running workflow tasks"),
    });
  }

  /** Steps the triggers of a live host here from now on; `stopLive` ends it. */
  goLive(activities: LocalActivities): void {
    const timers =
      this.cache.capacity > 0
        ? new LocalTimers(this.context.clock, this.cache, (timer) => this.fireTimer(timer))
        : undefined;
    this.#live = { activities, ...(timers ? { timers } : {}) };
  }

  /** Back to claimed tasks only; armed timers are left to their stored copies. */
  stopLive(): void {
    this.#live?.timers?.clear();
    this.#live = undefined;
  }

  /**
   * Claims as many ready tasks as there is room for and starts them; resolves with what started.
   * Tasks claimed together submit their commits in claim order (see `commitTurns`).
   */
  dispatch(limit = this.running.capacity): Promise<Promise<void>[]> {
    const { store, clock, owner, leaseMs } = this.context;
    let turns: CommitTurn[] = [];
    return this.running.dispatch(
      limit,
      async (room) => {
        const tasks = await store.claimWorkflowTasks({
          owner,
          now: clock.now(),
          leaseMs,
          limit: room,
        });
        turns = commitTurns(tasks.length);
        return tasks;
      },
      (task) => task.execution.id,
      (task, i) => this.#runTask(task, turns[i]!),
    );
  }

  /**
   * Creates an execution: `created`, or `exists` (nothing written) when its id is taken. Live, its
   * first step runs here in the same commit; otherwise it is the first task a loop claims.
   */
  async start(create: WriteOf<"createExecution">): Promise<"created" | "exists"> {
    if (!this.#live) {
      const [result] = await this.context.committer.submit([create]);
      this.context.wake();
      return result === "exists" ? "exists" : "created";
    }
    const outcome = await this.#step({ type: "start", create });
    if (outcome.type === "failed") throw outcome.error;
    return outcome.type === "committed" ? "created" : "exists";
  }

  /**
   * Applies an activity's completion to the live instance this process holds, committing the
   * settlement and the step it causes together. False when there is none (the caller commits the
   * completion to the inbox); if the execution moved meanwhile (a signal arrived, another process
   * works on it), the completion goes to the inbox instead, and the instance, now ahead of the
   * store, is dropped.
   */
  async completeActivity(task: ActivityTask, event: InputEvent, extra: Write[]): Promise<boolean> {
    if (!this.#live) return false;
    const outcome = await this.#step({ type: "activity", task, event, extra });
    switch (outcome.type) {
      case "committed":
        return true;
      case "absent":
        return false;
      case "failed":
        this.context.reportError(outcome.error, `workflow task of ${task.executionId}`);
        return false;
      case "lost": {
        const { executionId, seq } = task;
        const settle: Write = { type: "settleActivity", executionId, seq, event };
        await this.context.committer.submit([settle, ...extra]);
        this.context.wake();
        return true;
      }
    }
  }

  /**
   * Fires a timer where its execution's live instance is, committing the firing and the step it
   * causes together. When the instance is busy with another step it tries again shortly; when
   * it is gone, or the execution moved meanwhile, the stored copy is made due now instead. Never
   * throws: it runs from a timer, with nobody to catch.
   */
  async fireTimer(timer: LocalTimer, tries = 5): Promise<void> {
    const outcome = await this.#step({ type: "timer", timer });
    if (outcome.type === "committed") return;
    if (outcome.type === "absent" && tries > 1) {
      this.#live?.timers?.arm({ ...timer, due: this.context.clock.now() + 1 }, tries - 1);
      return;
    }
    if (outcome.type === "failed") {
      this.context.reportError(outcome.error, `timer of ${timer.executionId}`);
    }
    await this.#fireStored(timer);
  }

  async #runTask(task: WorkflowTask, turn: CommitTurn): Promise<void> {
    const executionId = task.execution.id;
    const outcome = await this.#step({ type: "task", task, turn });
    if (outcome.type === "lost") this.context.emit("workflowTask", { executionId });
    if (outcome.type !== "failed") return;
    this.cache.delete(executionId);
    this.context.reportError(outcome.error, `workflow task of ${executionId}`);
    await this.context.committer.submit([
      { type: "releaseWorkflowTask", executionId, owner: this.context.owner },
    ]);
  }

  /** The one place a step is taken and committed. */
  async #step(trigger: StepTrigger): Promise<StepOutcome> {
    const began = performance.now();
    const turn = trigger.type === "task" ? trigger.turn : undefined;
    try {
      // Only a claimed task may wait for its instance: a promise less on the other paths.
      const instance =
        trigger.type === "task" ? await this.#replayed(trigger.task) : this.#liveInstance(trigger);
      if (!instance) return { type: "absent" };
      const origin = this.#origin(trigger, instance);
      const step = await instance.apply(eventsOf(trigger, this.context.clock.now()));
      if (turn) await turn.ready;
      const prepared = stepEffects(instance.execution, step, this.#stepContext());
      const writes = stepGroup(origin, step, prepared.writes);
      const committed = this.context.committer.submit(groupOf(trigger, writes));
      turn?.pass();
      const [result] = await committed;
      if (result !== "ok" && result !== "created") return { type: "lost" };
      const ms = performance.now() - began;
      this.#committed(instance, step, prepared, writes, {
        started: origin.historyLength === 0,
        ms,
      });
      return { type: "committed" };
    } catch (error) {
      return { type: "failed", error };
    } finally {
      turn?.pass();
    }
  }

  /** Where the step starts: a new execution, a claimed task's inbox, or a live instance. */
  #origin(trigger: StepTrigger, instance: Stepper): StepOrigin {
    const { execution, historyLength } = instance;
    const { owner } = this.context;
    switch (trigger.type) {
      case "start":
        return { execution, historyLength, owner, consumed: [], created: trigger.create };
      case "task": {
        const consumed = trigger.task.inbox.map((entry) => entry.id);
        return { execution, historyLength, owner, consumed };
      }
      default: {
        const unclaimed = { now: this.context.clock.now() };
        return { execution, historyLength, owner, consumed: [], unclaimed };
      }
    }
  }

  /** What follows a step that is now in the store: keep the instance, echo, run activities. */
  #committed(
    instance: Stepper,
    step: WorkflowStep,
    prepared: StepWrites,
    writes: Write[],
    { started, ms }: { started: boolean; ms: number },
  ): void {
    const executionId = instance.execution.id;
    if (!step.outcome && instance instanceof WorkflowInstance)
      this.cache.put(executionId, instance);
    for (const log of step.logs ?? []) {
      this.context.echoLog({ ...log, executionId, source: "workflow" });
    }
    if (prepared.claimed.length > 0) this.#live?.activities.run(prepared.claimed);
    for (const timer of prepared.timers) this.#live?.timers?.arm(timer);
    const due = workDueFrom(writes, new Set(prepared.timers.map((timer) => timer.id)));
    if (due === "now") this.context.wake();
    else if (due !== undefined) this.context.wakeAt(due);
    this.context.emit("workflowTask", {
      executionId,
      ms,
      ...(started ? { started } : {}),
      ...(step.outcome ? { outcome: step.outcome.type, ended: endedExecution(step.outcome) } : {}),
    });
  }

  #stepContext(): StepContext {
    const { registry, subscribers, owner, newId, clock, leaseMs } = this.context;
    const now = clock.now();
    const live = this.#live;
    const timers = live?.timers;
    return {
      registry,
      subscribers: subscribers.table.published,
      owner,
      newId,
      now,
      ...(live ? { localClaim: { leaseUntil: now + leaseMs, limit: live.activities.free() } } : {}),
      ...(timers ? { firesLocally: (due: number) => timers.accepts(due) } : {}),
    };
  }

  /** The instance a start or a live trigger steps: new, or live in this process's cache. */
  #liveInstance(trigger: Exclude<StepTrigger, { type: "task" }>): WorkflowInstance | undefined {
    switch (trigger.type) {
      case "start": {
        const { execution } = trigger.create;
        const workflow = this.context.registry.workflows.get(execution.workflowName)!;
        return new WorkflowInstance(workflow, execution);
      }
      case "activity":
        return this.cache.takeAny(trigger.task.executionId);
      case "timer":
        return this.cache.takeAny(trigger.timer.executionId);
    }
  }

  /**
   * The live instance, replayed if the cache does not hold one at this history length. When the
   * code cannot replay the history, the execution is held, or if its inbox asks for it, cancelled
   * without its code.
   */
  async #replayed(task: WorkflowTask): Promise<Stepper | undefined> {
    const { execution } = task;
    const cached = this.cache.take(execution.id, execution.historyLength);
    if (cached) return cached;
    const history = await this.context.store.getHistory(execution.id);
    const replay = await replayHistory(this.context.registry, execution, history);
    if (replay instanceof WorkflowInstance) return replay;
    const inbox = task.inbox.map((entry) => entry.event);
    const cancellation = CodelessCancellation.of(execution, history, inbox);
    if (cancellation) return cancellation;
    await this.#hold(task, replay);
    return undefined;
  }

  /** Keeps the execution running but unclaimed, its inbox intact, until the code is fixed. */
  async #hold(task: WorkflowTask, error: SerializedError): Promise<void> {
    const { id: executionId, historyLength } = task.execution;
    await this.context.committer.submit([
      { type: "requireTask", executionId, historyLength, lease: { owner: this.context.owner } },
      { type: "appendHistory", executionId, historyLength, history: [], consumed: [], held: error },
    ]);
    this.context.emit("executionHeld", { executionId: task.execution.id, error });
  }

  /**
   * Makes a local timer's stored copy due now, for the loop to fire the ordinary way. Never
   * throws: should that commit fail too (the database is away), the stored copy still fires when
   * it was due, a grace period after the timer.
   */
  async #fireStored(timer: LocalTimer): Promise<void> {
    try {
      await this.context.committer.submit([
        { type: "moveTimer", id: timer.id, dueTime: this.context.clock.now() },
      ]);
      this.context.wake();
    } catch (error) {
      this.context.reportError(error, `timer of ${timer.executionId}`);
    }
  }
}

/** The events a trigger applies. */
function eventsOf(trigger: StepTrigger, now: number): InputEvent[] {
  switch (trigger.type) {
    case "start":
      return [trigger.create.started];
    case "task":
      return trigger.task.inbox.map((entry) => entry.event);
    case "activity":
      return [trigger.event];
    case "timer":
      return [{ type: "TimerCompleted", seq: trigger.timer.seq, timestamp: iso(now) }];
  }
}

/**
 * A trigger's group: its step's writes, led by what the trigger itself settles. An activity's task
 * and a local timer must still be there, for their removal is what keeps the event from applying
 * twice; an activity's captured logs go with it.
 */
function groupOf(trigger: StepTrigger, writes: Write[]): Write[] {
  switch (trigger.type) {
    case "activity": {
      const { executionId, seq } = trigger.task;
      return [
        { type: "requireActivity", executionId, seq },
        { type: "removeActivity", executionId, seq },
        ...writes,
        ...trigger.extra,
      ];
    }
    case "timer": {
      const { id, executionId } = trigger.timer;
      return [
        { type: "requireTimer", executionId, id },
        { type: "deleteTimer", executionId, id },
        ...writes,
      ];
    }
    default:
      return writes;
  }
}
