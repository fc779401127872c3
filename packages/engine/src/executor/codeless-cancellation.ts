import type { HistoryEvent, InputEvent, WorkflowCancelled } from "../history.js";
import type { ExecutionIdentity, WorkflowStep } from "./workflow-instance.js";

/**
 * The cancellation of an execution whose code cannot replay its history (it diverges, or the
 * workflow is gone): its last step is built from history alone, since no code can take it. The
 * inbox up to the cancel request joins history, the execution ends `WorkflowCancelled`, and every
 * child it started that has not ended is cancelled too, as a cancelled workflow's would be.
 *
 * @example
 * const cancellation = CodelessCancellation.of(execution, history, inbox);
 * if (cancellation) await cancellation.apply(inbox); // the step that ends it
 */
export class CodelessCancellation {
  private constructor(
    readonly execution: ExecutionIdentity,
    readonly historyLength: number,
    private readonly runningChildren: string[],
  ) {}

  /** The cancellation, if `inbox` asks for one. */
  static of(
    execution: ExecutionIdentity,
    history: readonly HistoryEvent[],
    inbox: readonly InputEvent[],
  ): CodelessCancellation | undefined {
    if (!inbox.some((event) => event.type === "WorkflowCancelRequested")) return undefined;
    return new CodelessCancellation(execution, history.length, runningChildren(history));
  }

  /** The step that ends the execution: `events` up to the cancel request, then the end. */
  async apply(events: InputEvent[]): Promise<WorkflowStep> {
    const index = events.findIndex((event) => event.type === "WorkflowCancelRequested");
    const request = events[index] as Extract<InputEvent, { type: "WorkflowCancelRequested" }>;
    const outcome: WorkflowCancelled = {
      type: "WorkflowCancelled",
      ...(request.reason === undefined ? {} : { reason: request.reason }),
      timestamp: request.timestamp,
    };
    const step: WorkflowStep = { history: [...events.slice(0, index + 1), outcome], commands: [] };
    step.outcome = outcome;
    if (this.runningChildren.length > 0) step.cancelChildren = this.runningChildren;
    return step;
  }
}

/** The children history started and has no result of. */
function runningChildren(history: readonly HistoryEvent[]): string[] {
  const running = new Map<number, string>();
  for (const event of history) {
    if (event.type === "ChildWorkflowScheduled") running.set(event.seq, event.executionId);
    else if (event.type === "ChildWorkflowSucceeded" || event.type === "ChildWorkflowFailed") {
      running.delete(event.seq);
    }
  }
  return [...running.values()];
}
