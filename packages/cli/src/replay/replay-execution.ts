import type { Execution, HistoryEntry, SerializedError } from "@eventual/core";
import { DeterminismError } from "@eventual/core";
import type { ExecutionIdentity, HistoryEvent } from "@eventual/engine";
import { Engine, MemoryStore, WorkflowInstance } from "@eventual/engine";
import { CommandFailure } from "../command-failure.js";
import type { LoadedService } from "../host/load-service.js";

/** What replaying one recorded execution against local code found. */
export interface ReplayReport {
  executionId: string;
  workflowName: string;
  /** Events in the recorded history. */
  events: number;
  /** The first point where the code no longer does what history recorded; absent if none. */
  divergence?: SerializedError;
}

/**
 * Replays a recorded history through the engine's pure executor against the workflow as the
 * local code declares it. Nothing runs for real: activities, timers and signals answer from the
 * history, so this is safe against a production history. A workflow the code does not declare
 * is a `CommandFailure`.
 */
export async function replayExecution(
  execution: Execution,
  history: HistoryEntry[],
  service: LoadedService,
): Promise<ReplayReport> {
  const workflow = service.registry.workflows.get(execution.workflowName);
  if (!workflow) {
    const declared = [...service.registry.workflows.keys()].join(", ") || "none";
    throw new CommandFailure(
      `Workflow "${execution.workflowName}" is not declared by ${service.entry} (it declares: ${declared}).`,
    );
  }
  // An engine on a throwaway store puts the sandbox and the workflow scopes in place, so the
  // workflow's calls reach the instance below; it never starts work of its own.
  new Engine({ store: new MemoryStore(), registry: service.registry, echoLogs: false });
  const report = {
    executionId: execution.id,
    workflowName: execution.workflowName,
    events: history.length,
  };
  try {
    await WorkflowInstance.replay(workflow, identityOf(execution), history as HistoryEvent[]);
    return report;
  } catch (error) {
    if (!(error instanceof DeterminismError)) throw error;
    return { ...report, divergence: error.toJSON() };
  }
}

/** Ids the engine generates when no execution name is given: 26 lower-case base32 characters. */
const generatedId = /^[0-9a-hjkmnp-tv-z]{26}$/;

/**
 * Who the execution is, as its workflow sees it. The control API does not return the execution's
 * name, so it is recovered from the id: a started execution's id is `<workflow>~<name>` when
 * it was named and `<workflow>~<generated>` (name = id) otherwise; a child's name is its id.
 */
export function identityOf(execution: Execution): ExecutionIdentity {
  const prefix = `${execution.workflowName}~`;
  const suffix = execution.id.startsWith(prefix) ? execution.id.slice(prefix.length) : undefined;
  const named =
    execution.parentId === undefined && suffix !== undefined && !generatedId.test(suffix);
  return {
    id: execution.id,
    name: named ? suffix : execution.id,
    workflowName: execution.workflowName,
    ...(execution.parentId === undefined ? {} : { parentId: execution.parentId }),
  };
}
