import type { Execution } from "./execution.js";
import { assertWorkflowName, declare } from "./registry.js";
import type { ChildWorkflowOptions } from "./runtime.js";
import { currentWorkflow, serviceRuntime } from "./runtime.js";
import type { DurationValue, TimeoutValue } from "./schedule.js";
import { durationSeconds, timeoutSeconds } from "./schedule.js";
import type { Signal } from "./signal.js";
import { sendSignal } from "./signal.js";

/** Options of a workflow; `timeoutSeconds` is the original Eventual's spelling of `timeout`, still accepted. */
export interface WorkflowOptions {
  /** Seconds (or a `duration()`) after its start at which an execution fails with `Timeout`. */
  timeout?: DurationValue;
  timeoutSeconds?: number;
  /**
   * The version of this workflow's code, recorded on each execution it starts; by default a hash
   * of the function's source. Name it to say which release started an execution.
   */
  version?: string;
}

/** What a workflow function receives beside its input. */
export interface WorkflowContext {
  execution: { id: string; name: string; parentId?: string; startTime: string };
  workflow: { name: string };
}

/** A started execution, seen from outside it. */
export interface ExecutionHandle<Output = unknown> {
  readonly executionId: string;
  /** The execution as it is now. */
  getStatus(): Promise<Execution<Output>>;
  /** Sends a signal to this execution. */
  sendSignal<Payload>(signal: Signal<Payload> | string, payload?: Payload): Promise<void>;
}

/** A child workflow's pending result, which can be signalled while it runs. */
export type ChildExecution<Output> = Promise<Output> & {
  readonly executionId: string;
  sendSignal<Payload>(signal: Signal<Payload> | string, payload?: Payload): Promise<void>;
};

export interface StartExecutionProps<Input> {
  input?: Input;
  /** Makes the start idempotent: a second start with the same name returns the same execution. */
  executionName?: string;
  /** Overrides the workflow's `timeout` for this execution: seconds or a `duration()`. */
  timeout?: DurationValue;
}

/**
 * Options of a child workflow call.
 *
 * @example
 * const packed = await packOrder(order, { timeout: duration(2, "hours") });
 */
export interface ChildCallOptions extends Omit<ChildWorkflowOptions, "timeout"> {
  /** Overrides the child workflow's `timeout`: seconds, a `duration()`, or a `time()` deadline. */
  timeout?: TimeoutValue;
}

type InputArgs<Input> = undefined extends Input ? [input?: Input] : [input: Input];

/** A declared workflow: start it from outside, or call it from another workflow as a child. */
export interface Workflow<Input = any, Output = any> {
  /** Inside a workflow: starts a child execution and waits for its result. */
  (...args: [...InputArgs<Input>, options?: ChildCallOptions]): ChildExecution<Output>;
  readonly workflowName: string;
  readonly options: { timeout?: number; version?: string };
  readonly handler: (input: Input, context: WorkflowContext) => Promise<Output>;
  /** Starts an execution; with `executionName`, starting twice returns the first one. */
  startExecution(props?: StartExecutionProps<Input>): Promise<ExecutionHandle<Output>>;
}

/**
 * Declares a durable workflow: an ordinary async function whose progress survives crashes.
 *
 * Its code is replayed from history after a restart, so it must be deterministic: do real work in
 * activities; inside it `Date.now()` and `Math.random()` are replay-safe, and `setTimeout`, `fetch`
 * and friends throw. Every activity call, timer, child and signal it issues is a step recorded in
 * history and applied exactly once.
 *
 * @example
 * export const processOrder = workflow("processOrder", { timeout: 86400 }, async (order: Order) => {
 *   const charge = await chargeCard(order.source, order.amount);
 *   try { await dispatchOrder(order); } catch { await chargeBack(charge.chargeId); }
 * });
 */
export function workflow<Input = undefined, Output = void>(
  name: string,
  handler: (input: Input, context: WorkflowContext) => Promise<Output>,
): Workflow<Input, Output>;
export function workflow<Input = undefined, Output = void>(
  name: string,
  options: WorkflowOptions,
  handler: (input: Input, context: WorkflowContext) => Promise<Output>,
): Workflow<Input, Output>;
export function workflow(
  name: string,
  optionsOrHandler: WorkflowOptions | ((input: any, context: WorkflowContext) => Promise<any>),
  maybeHandler?: (input: any, context: WorkflowContext) => Promise<any>,
): Workflow {
  assertWorkflowName(name);
  const handler = typeof optionsOrHandler === "function" ? optionsOrHandler : maybeHandler;
  if (typeof handler !== "function")
    throw new Error(`Workflow "${name}" needs a handler function.`);
  const raw = typeof optionsOrHandler === "function" ? {} : optionsOrHandler;
  const timeout = raw.timeout ?? raw.timeoutSeconds;
  const options = {
    ...(timeout === undefined ? {} : { timeout: durationSeconds("timeout", timeout) }),
    ...(raw.version === undefined ? {} : { version: versionName(name, raw.version) }),
  };
  declare("workflows", { name, options, handler });

  const call = (input?: unknown, childOptions: ChildCallOptions = {}) => {
    const parent = currentWorkflow();
    if (!parent) {
      return Promise.reject(
        new Error(`Workflow "${name}" was called outside a workflow; use startExecution().`),
      );
    }
    const child = parent.callChildWorkflow(name, input, childWorkflowOptions(childOptions));
    return Object.assign(child.result, {
      executionId: child.executionId,
      sendSignal: (signal: Signal<any> | string, payload?: unknown) =>
        sendSignal(child.executionId, signal, payload),
    });
  };
  return Object.assign(call, {
    workflowName: name,
    options,
    handler,
    async startExecution(props: StartExecutionProps<unknown> = {}) {
      if (currentWorkflow()) {
        throw new Error(
          `startExecution() cannot be called inside a workflow; call ${name}(input) to start a child.`,
        );
      }
      const { executionId } = await serviceRuntime().startExecution({
        workflow: name,
        input: props.input,
        executionName: props.executionName,
        timeout:
          props.timeout === undefined ? undefined : durationSeconds("timeout", props.timeout),
      });
      return executionHandle(executionId);
    },
  }) as unknown as Workflow;
}

function versionName(workflowName: string, version: unknown): string {
  if (typeof version === "string" && version.length > 0 && version.length <= 100) return version;
  throw new TypeError(
    `Workflow "${workflowName}": version must be a non-empty string of at most 100 characters.`,
  );
}

/** What the engine takes for a child call: its timeout in seconds, counted from now. */
function childWorkflowOptions(options: ChildCallOptions): ChildWorkflowOptions {
  const { timeout, ...rest } = options;
  if (timeout === undefined) return rest;
  return { ...rest, timeout: timeoutSeconds("timeout", timeout) };
}

/** A handle on an execution by id, served by the host this process runs. */
export function executionHandle<Output = unknown>(executionId: string): ExecutionHandle<Output> {
  return {
    executionId,
    async getStatus() {
      const execution = await serviceRuntime().getExecution(executionId);
      if (!execution) throw new Error(`Execution "${executionId}" does not exist.`);
      return execution as Execution<Output>;
    },
    sendSignal: (signal, payload) => sendSignal(executionId, signal, payload),
  };
}
