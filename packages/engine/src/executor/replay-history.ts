import type { SerializedError } from "@eventual/core";
import { DeterminismError } from "@eventual/core";
import type { ServiceRegistry } from "@eventual/core/internal";
import type { HistoryEvent } from "../history.js";
import type { ExecutionIdentity } from "./workflow-instance.js";
import { WorkflowInstance } from "./workflow-instance.js";

/**
 * Replays an execution's history against the code `registry` declares: the live instance, or
 * why the code cannot take the execution on (it diverges, or does not declare the workflow).
 *
 * @example
 * const replay = await replayHistory(registry, execution, history);
 * if (!(replay instanceof WorkflowInstance)) console.log(replay.message);
 */
export async function replayHistory(
  registry: ServiceRegistry,
  execution: ExecutionIdentity,
  history: HistoryEvent[],
): Promise<WorkflowInstance | SerializedError> {
  const workflow = registry.workflows.get(execution.workflowName);
  if (!workflow) {
    return {
      name: "UnknownWorkflow",
      message: `Workflow "${execution.workflowName}" is not declared by this service.`,
    };
  }
  try {
    return await WorkflowInstance.replay(workflow, execution, history);
  } catch (error) {
    if (!(error instanceof DeterminismError)) throw error;
    return error.toJSON();
  }
}
