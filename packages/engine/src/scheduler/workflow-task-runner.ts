import type { SerializedError } from "@eventual/core";
import { DeterminismError } from "@eventual/core";
import { iso } from "../clock.js";
import type { InstanceCache } from "../executor/instance-cache.js";
import type { WorkflowStep } from "../executor/workflow-instance.js";
import { WorkflowInstance } from "../executor/workflow-instance.js";
import type { InputEvent, WorkflowStarted } from "../history.js";
import type {
  ActivityTask,
  ExecutionRecord,
  TimerRecord,
  WorkflowTask,
  Write,
} from "../store/store.js";
import type { CommitTurn } from "./commit-turns.js";
import { commitTurns } from "./commit-turns.js";
import type { EngineContext } from "./engine-context.js";
import { InFlight } from "./in-flight.js";
import type { LocalTimer, LocalTimers } from "./local-timers.js";
import type { StepContext, StepWrites } from "./step-writes.js";
import { endedExecution, firstStepWrite, stepWrites, workDueFrom } from "./step-writes.js";

/** Where a live host runs the activities its steps schedule, at once and without a claim. */
export interface LocalActivities {
  /** How many more it can take now. */
  free(): number;
  run(tasks: ActivityTask[]): void;
}

/**
 * Runs workflow tasks: take the live instance from the cache (or replay history into a new
 * one), apply the events, and commit the step as one group. The instance returns to the cache
 * only once its commit has landed.
 *
 * Tasks come three ways. Claimed from the store (`runOnce`): tasks claimed together run
 * concurrently but submit their commits in claim order, so what other executions receive from
 * them arrives in an order the cache cannot change. And, on a live host, without a claim, where
 * the event happened: the first task of an execution started here (`start`), and an activity's
 * completion applied to the instance this process holds (`completeLocally`), so a step costs one
 * commit. The activities a step schedules then run here at once, leased in the same commit.
 */
export class WorkflowTaskRunner {
  /** Set on a live host: steps lease their new activities to it and it runs them at once. */
  local?: LocalActivities;
  /** Set on a live host: short timers fire here, where the live instance is. */
  localTimers?: LocalTimers;
  readonly running: InFlight<string>;

  constructor(
    private readonly context: EngineContext,
    private readonly cache: InstanceCache,
    capacity = 500,
  ) {
    // Events may have reached a task's inbox while it ran, held back by its lease: look again.
    this.running = new InFlight(capacity, context.wake, {
      always: true,
      onError: (error) => context.reportError(error, "running workflow tasks"),
    });
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
      (task, i) => this.#run(task, turns[i]!),
    );
  }

  /**
   * Creates an execution and runs its first task in one commit: `created`, or `exists` (nothing
   * written) when its id is taken.
   */
  async start(
    execution: ExecutionRecord,
    started: WorkflowStarted,
    timers: TimerRecord[],
  ): Promise<"created" | "exists"> {
    const workflow = this.context.registry.workflows.get(execution.workflowName)!;
    const instance = new WorkflowInstance(workflow, execution);
    const step = await instance.apply([started]);
    const prepared = firstStepWrite(execution, timers, step, this.#stepContext());
    const [result] = await this.context.committer.submit(prepared.writes);
    if (result === "exists") return "exists";
    this.#committed(instance, step, prepared);
    return "created";
  }

  /**
   * Applies an activity's completion to the live instance this process holds, committing the
   * settlement and the step it causes together. False when there is no such instance; if the
   * execution moved meanwhile (a signal arrived, another process works on it), the completion
   * goes to the inbox instead, and the instance, now ahead of the store, is dropped.
   */
  async completeLocally(task: ActivityTask, event: InputEvent, extra: Write[]): Promise<boolean> {
    const instance = this.cache.takeAny(task.executionId);
    if (!instance) return false;
    const settle = { executionId: task.executionId, seq: task.seq, event };
    let step: WorkflowStep;
    let prepared: StepWrites;
    try {
      ({ step, prepared } = await this.#stepHere(instance, event));
    } catch (error) {
      this.context.reportError(error, `workflow task of ${task.executionId}`);
      return false;
    }
    const group: Write[] = [
      { type: "settleActivity", ...settle, intoHistory: true },
      ...prepared.writes,
      ...extra,
    ];
    const [result] = await this.context.committer.submit(group);
    if (result === "conflict") {
      await this.context.committer.submit([{ type: "settleActivity", ...settle }, ...extra]);
      this.context.wake();
    } else {
      this.#committed(instance, step, prepared);
    }
    return true;
  }

  /**
   * Fires a timer where its execution's live instance is, committing the firing and the step it
   * causes together. When the instance is busy with another step it tries again shortly; when
   * it is gone, or the execution moved meanwhile, the stored copy is made due now instead. Never
   * throws: it runs from a timer, with nobody to catch.
   */
  async fireLocally(timer: LocalTimer, tries = 5): Promise<void> {
    const instance = this.cache.takeAny(timer.executionId);
    if (!instance) {
      if (tries > 1) {
        this.localTimers?.arm({ ...timer, due: this.context.clock.now() + 1 }, tries - 1);
      } else {
        await this.#fireStored(timer);
      }
      return;
    }
    try {
      const event = {
        type: "TimerCompleted",
        seq: timer.seq,
        timestamp: iso(this.context.clock.now()),
      } as const;
      const { step, prepared } = await this.#stepHere(instance, event);
      const settle: Write = { type: "settleTimer", id: timer.id, executionId: timer.executionId };
      const [result] = await this.context.committer.submit([settle, ...prepared.writes]);
      if (result === "conflict") await this.#fireStored(timer);
      else this.#committed(instance, step, prepared);
    } catch (error) {
      this.context.reportError(error, `timer of ${timer.executionId}`);
      await this.#fireStored(timer);
    }
  }

  /** Applies `event` to an instance this process holds, as a task run without a claim. */
  async #stepHere(
    instance: WorkflowInstance,
    event: InputEvent,
  ): Promise<{ step: WorkflowStep; prepared: StepWrites }> {
    const origin = {
      execution: instance.execution,
      historyLength: instance.historyLength,
      consumed: [],
      unclaimed: { now: this.context.clock.now() },
    };
    const step = await instance.apply([event]);
    return { step, prepared: stepWrites(origin, step, this.#stepContext()) };
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

  async #run(task: WorkflowTask, turn: CommitTurn): Promise<void> {
    const { execution } = task;
    try {
      const instance = await this.#instanceFor(task);
      if (!instance) return;
      const step = await instance.apply(task.inbox.map((entry) => entry.event));
      await turn.ready;
      const origin = {
        execution,
        historyLength: execution.historyLength,
        consumed: task.inbox.map((entry) => entry.id),
      };
      const prepared = stepWrites(origin, step, this.#stepContext());
      const committed = this.context.committer.submit(prepared.writes);
      turn.pass();
      const [result] = await committed;
      if (result === "ok") this.#committed(instance, step, prepared);
      else this.context.emit("workflowTask", { executionId: execution.id });
    } catch (error) {
      turn.pass();
      this.cache.delete(execution.id);
      this.context.reportError(error, `workflow task of ${execution.id}`);
      await this.#commit([
        { type: "releaseWorkflowTask", executionId: execution.id, owner: this.context.owner },
      ]);
    } finally {
      turn.pass();
    }
  }

  /** What follows a step that is now in the store: keep the instance, echo, run activities. */
  #committed(instance: WorkflowInstance, step: WorkflowStep, prepared: StepWrites): void {
    const executionId = instance.execution.id;
    if (!step.outcome) this.cache.put(executionId, instance);
    for (const log of step.logs ?? []) {
      this.context.echoLog({ ...log, executionId, source: "workflow" });
    }
    if (prepared.claimed.length > 0) this.local?.run(prepared.claimed);
    for (const timer of prepared.timers) this.localTimers?.arm(timer);
    const due = workDueFrom(prepared.writes, new Set(prepared.timers.map((timer) => timer.id)));
    if (due === "now") this.context.wake();
    else if (due !== undefined) this.context.wakeAt(due);
    this.context.emit("workflowTask", {
      executionId,
      ...(step.outcome ? { outcome: step.outcome.type, ended: endedExecution(step.outcome) } : {}),
    });
  }

  #stepContext(): StepContext {
    const { registry, owner, newId, clock, leaseMs } = this.context;
    const now = clock.now();
    const local = this.local;
    const timers = this.localTimers;
    return {
      registry,
      owner,
      newId,
      now,
      ...(local ? { localClaim: { leaseUntil: now + leaseMs, limit: local.free() } } : {}),
      ...(timers ? { firesLocally: (due: number) => timers.accepts(due) } : {}),
    };
  }

  /** The live instance, replayed if the cache does not hold one at this history length. */
  async #instanceFor(task: WorkflowTask): Promise<WorkflowInstance | undefined> {
    const { execution } = task;
    const cached = this.cache.take(execution.id, execution.historyLength);
    if (cached) return cached;
    const workflow = this.context.registry.workflows.get(execution.workflowName);
    if (!workflow) {
      await this.#hold(task, {
        name: "UnknownWorkflow",
        message: `Workflow "${execution.workflowName}" is not declared by this service.`,
      });
      return undefined;
    }
    const history = await this.context.store.getHistory(execution.id);
    try {
      return await WorkflowInstance.replay(workflow, execution, history);
    } catch (error) {
      if (!(error instanceof DeterminismError)) throw error;
      await this.#hold(task, error.toJSON());
      return undefined;
    }
  }

  /** Keeps the execution running but unclaimed, its inbox intact, until the code is fixed. */
  async #hold(task: WorkflowTask, error: SerializedError): Promise<void> {
    await this.#commit([
      {
        type: "completeWorkflowTask",
        executionId: task.execution.id,
        owner: this.context.owner,
        expectedHistoryLength: task.execution.historyLength,
        history: [],
        consumed: [],
        held: error,
      },
    ]);
    this.context.emit("executionHeld", { executionId: task.execution.id, error });
  }

  async #commit(writes: Write[]): Promise<void> {
    await this.context.committer.submit(writes);
  }
}
