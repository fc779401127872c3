import { AsyncLocalStorage } from "node:async_hooks";
import type { ActivityRuntime } from "@eventual/core/internal";
import type { WorkflowInstance } from "./executor/workflow-instance.js";
import type { LogSink } from "./logs/console-capture.js";

/**
 * What the service code running in an async context belongs to: a workflow (its replay-safe
 * clock, randomness and console), or an activity or subscriber (where its `console` output goes,
 * and for an activity what `getActivityContext()`, `heartbeat()` and `asyncResult()` read).
 */
export interface CodeScope {
  readonly workflow?: WorkflowInstance;
  readonly activity?: ActivityRuntime;
  readonly logs?: LogSink;
}

const scopeKey = Symbol.for("eventual.codeScope");
const globals = globalThis as typeof globalThis & { [scopeKey]?: AsyncLocalStorage<CodeScope> };

/**
 * One storage for every kind of scope, not one each: on Node 20 each AsyncLocalStorage in use
 * copies its store onto every promise the process creates, the engine's own included, so each
 * instance costs on the hot path whatever code runs. Shared by every copy of this module (a
 * service may load its own), so that one patch of the globals serves them all.
 */
globals[scopeKey] ??= new AsyncLocalStorage<CodeScope>();
export const codeScope: AsyncLocalStorage<CodeScope> = globals[scopeKey];

/** The workflow whose code is running in this async context, if any. */
export const currentWorkflowScope = (): WorkflowInstance | undefined =>
  codeScope.getStore()?.workflow;

/**
 * What `@eventual/core`'s primitives ask of the engine, for `installExecutionScopes`: the
 * workflow or the activity whose code is running.
 */
export const executionScopes = {
  currentWorkflow: currentWorkflowScope,
  currentActivity: (): ActivityRuntime | undefined => codeScope.getStore()?.activity,
};
