import type { SerializedError } from "@eventual/core";
import type { LoadedService } from "../host/load-service.js";
import { checkExecution } from "./check-execution.js";
import type { ExecutionSource } from "./execution-source.js";
import { mapConcurrent } from "./map-concurrent.js";
import { selectExecutions } from "./select-executions.js";

/** An execution the checked code would not replay, with the first difference. */
export interface DivergingExecution {
  executionId: string;
  workflowName: string;
  divergence: SerializedError;
}

/** What a check found. */
export interface CheckReport {
  /** Executions replayed. */
  checked: number;
  /** Workflows those executions belong to. */
  workflows: number;
  /** In the order checked: running ones oldest first, then each workflow's ended ones. */
  diverging: DivergingExecution[];
}

export interface CheckOptions {
  /** Also the newest `ended` ended executions of each workflow the code declares (default 0). */
  ended?: number;
  /** Histories read and replayed at once (default 16). */
  concurrency?: number;
}

/**
 * The deploy gate: replays every execution that has not ended, read from `source`, against the
 * code `service` loaded, and reports each one whose history that code would not reproduce (an
 * engine running it would hold the execution).
 *
 * @example
 * const report = await runCheck(clientSource(client), await loadService("src/index.ts"));
 * if (report.diverging.length > 0) process.exitCode = 1;
 */
export async function runCheck(
  source: ExecutionSource,
  service: LoadedService,
  options: CheckOptions = {},
): Promise<CheckReport> {
  const executions = await selectExecutions(source, {
    ended: options.ended ?? 0,
    workflows: [...service.registry.workflows.keys()],
  });
  // Bounded: each check holds a whole history in memory and, over HTTP, a connection.
  const checks = await mapConcurrent(executions, options.concurrency ?? 16, (execution) =>
    checkExecution(source, execution, service),
  );
  const diverging = checks.flatMap(({ divergence, ...check }) =>
    divergence ? [{ ...check, divergence }] : [],
  );
  const workflows = new Set(checks.map((check) => check.workflowName)).size;
  return { checked: checks.length, workflows, diverging };
}
