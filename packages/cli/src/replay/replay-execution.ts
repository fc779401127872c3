import type { Execution, HistoryEntry, SerializedError } from "@eventual/core";
import type { ExecutionIdentity, HistoryEvent } from "@eventual/engine";
import { Engine, MemoryStore, replayHistory, WorkflowInstance } from "@eventual/engine";
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
  if (!service.registry.workflows.has(execution.workflowName)) {
    throw new CommandFailure(undeclaredWorkflow(execution.workflowName, service).message);
  }
  installScopes(service);
  const report = {
    executionId: execution.id,
    workflowName: execution.workflowName,
    events: history.length,
  };
  const replay = await replayHistory(
    service.registry,
    identityOf(execution),
    history as HistoryEvent[],
  );
  return replay instanceof WorkflowInstance ? report : { ...report, divergence: replay };
}

/** Why the code at `service` cannot replay an execution of `workflowName`: it does not declare it. */
export function undeclaredWorkflow(workflowName: string, service: LoadedService): SerializedError {
  const declared = [...service.registry.workflows.keys()].join(", ") || "none";
  return {
    name: "UndeclaredWorkflow",
    message: `Workflow "${workflowName}" is not declared by ${service.entry} (it declares: ${declared}).`,
  };
}

const installed = new WeakSet<LoadedService>();

/**
 * An engine on a throwaway store puts the sandbox and the workflow scopes in place, so the
 * workflow's calls reach the instance replaying it; it never starts work of its own. Once per
 * service: a check replays thousands of histories.
 */
function installScopes(service: LoadedService): void {
  if (installed.has(service)) return;
  new Engine({ store: new MemoryStore(), registry: service.registry, echoLogs: false });
  installed.add(service);
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
