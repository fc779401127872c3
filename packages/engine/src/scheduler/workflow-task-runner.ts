import type { SerializedError } from "@eventual/core";
import { DeterminismError } from "@eventual/core";
import type { InstanceCache } from "../executor/instance-cache.js";
import { WorkflowInstance } from "../executor/workflow-instance.js";
import type { WorkflowTask, Write } from "../store/store.js";
import type { CommitTurn } from "./commit-turns.js";
import { commitTurns } from "./commit-turns.js";
import type { EngineContext } from "./engine-context.js";
import { stepWrites } from "./step-writes.js";

/**
 * Claims executions with new inbox events and runs one workflow task for each: take the live
 * instance from the cache (or replay history into a new one), apply the events, and commit the
 * step as one group. The instance returns to the cache only once its commit has landed.
 *
 * Tasks claimed together run concurrently but submit their commits in claim order, so that what
 * other executions receive from them arrives in an order the cache cannot change.
 */
export class WorkflowTaskRunner {
  constructor(
    private readonly context: EngineContext,
    private readonly cache: InstanceCache,
  ) {}

  /** Runs every task that is ready now; resolves with how many there were. */
  async runOnce(limit = 200): Promise<number> {
    const { store, clock, owner, leaseMs } = this.context;
    const tasks = await store.claimWorkflowTasks({ owner, now: clock.now(), leaseMs, limit });
    const turns = commitTurns(tasks.length);
    await Promise.all(tasks.map((task, i) => this.#run(task, turns[i]!)));
    return tasks.length;
  }

  async #run(task: WorkflowTask, turn: CommitTurn): Promise<void> {
    const { execution } = task;
    try {
      const instance = await this.#instanceFor(task);
      if (!instance) return;
      const step = await instance.apply(task.inbox.map((entry) => entry.event));
      await turn.ready;
      const writes = stepWrites(task, step, { ...this.context, now: this.context.clock.now() });
      const committed = this.context.committer.submit(writes);
      turn.pass();
      const [result] = await committed;
      if (result === "ok") {
        if (!step.outcome) this.cache.put(execution.id, instance);
        for (const log of step.logs ?? []) {
          this.context.echoLog({ ...log, executionId: execution.id, source: "workflow" });
        }
      }
      this.context.emit("workflowTask", { executionId: execution.id, outcome: step.outcome?.type });
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
