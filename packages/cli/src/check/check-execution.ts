import type { Execution, SerializedError } from "@eventual/core";
import { serializeError } from "@eventual/core/internal";
import type { LoadedService } from "../host/load-service.js";
import { replayExecution, undeclaredWorkflow } from "../replay/replay-execution.js";
import type { ExecutionSource } from "./execution-source.js";

/** How one execution fared against the code: `divergence` is absent when its history replays. */
export interface ExecutionCheck {
  executionId: string;
  workflowName: string;
  divergence?: SerializedError;
}

/**
 * Reads an execution's history and replays it against the service's code. A workflow the code no
 * longer declares, and a replay that fails in any other way, count as divergences: the gate says
 * no when it cannot tell, and one such execution does not stop the others from being checked. A
 * failed read is not a divergence and rejects.
 */
export async function checkExecution(
  source: ExecutionSource,
  execution: Execution,
  service: LoadedService,
): Promise<ExecutionCheck> {
  const checked = { executionId: execution.id, workflowName: execution.workflowName };
  if (!service.registry.workflows.has(execution.workflowName)) {
    return { ...checked, divergence: undeclaredWorkflow(execution.workflowName, service) };
  }
  const history = await source.getHistory(execution.id);
  try {
    const { divergence } = await replayExecution(execution, history, service);
    return divergence ? { ...checked, divergence: serializeError(divergence) } : checked;
  } catch (error) {
    return { ...checked, divergence: serializeError(error) };
  }
}
