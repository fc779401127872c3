import type { SerializedError } from "./errors.js";
import type { Execution } from "./execution.js";
import type { EventualServiceClient } from "./service-client.js";

/**
 * The seam between the primitives a service calls and whatever runs them. `@eventual/core` does no
 * I/O: a host (dev server, serve node, TestEnvironment) installs these hooks, and the engine answers
 * "which workflow or activity is running right now?".
 */

/** What a workflow's primitives ask of the engine while workflow code runs. */
export interface WorkflowRuntime {
  callActivity(name: string, args: unknown[]): Promise<unknown>;
  callChildWorkflow(name: string, input: unknown, options: ChildWorkflowOptions): ChildWorkflowCall;
  sleepUntil(time: number): Promise<void>;
  expectSignal(name: string, timeoutSeconds: number | undefined): Promise<unknown>;
  onSignal(name: string, handler: (payload: any) => unknown): { dispose(): void };
  condition(predicate: () => boolean, timeoutSeconds: number | undefined): Promise<boolean>;
  sendSignal(executionId: string, signal: string, payload: unknown, id?: string): Promise<void>;
  publishEvents(events: PublishedEvent[]): Promise<void>;
  patched(changeId: string): boolean;
  deprecatePatch(changeId: string): void;
}

/** The pending result of a child workflow, which can also be signalled. */
export interface ChildWorkflowCall {
  result: Promise<unknown>;
  executionId: string;
}

/** Options of a child workflow call; its id is always `<parent id>~<seq>`. */
export interface ChildWorkflowOptions {
  /** Overrides the child workflow's `timeout`, in seconds. */
  timeout?: number;
}

/** An event with the name it is published under. */
export interface PublishedEvent {
  name: string;
  event: unknown;
}

/** What code outside a workflow (API handlers, activities, subscribers, tests) asks of the host. */
export interface ServiceRuntime {
  /** The same host, as the service client that `getServiceClient()` returns. */
  readonly client: EventualServiceClient;
  startExecution(request: StartExecutionRequest): Promise<StartExecutionResponse>;
  getExecution(executionId: string): Promise<Execution | undefined>;
  sendSignal(request: SendSignalRequest): Promise<void>;
  publishEvents(events: PublishedEvent[]): Promise<void>;
  completeActivity(request: CompleteActivityRequest): Promise<void>;
  heartbeatActivity(activityToken: string): Promise<{ cancelled: boolean }>;
  /** Another service of the app by name, when this host runs one of an app's services. */
  serviceClient?(service: string): EventualServiceClient | undefined;
}

export interface StartExecutionRequest {
  workflow: string;
  input?: unknown;
  executionName?: string;
  timeout?: number;
}

export interface StartExecutionResponse {
  executionId: string;
  alreadyRunning: boolean;
}

export interface SendSignalRequest {
  executionId: string;
  signal: string;
  payload?: unknown;
  /** Deduplicates: a second signal with the same id to the same execution is ignored. */
  id?: string;
}

export type CompleteActivityRequest =
  | { activityToken: string; result: unknown }
  | { activityToken: string; error: SerializedError };

/** What an activity's code can learn about the attempt it is running in. */
export interface ActivityContext {
  /** 1 on the first run, 2 after one retry or one crash, and so on. */
  attempt: number;
  activityToken: string;
  activityName: string;
  executionId: string;
  workflowName: string;
  scheduledTime: string;
}

/** What an activity's helpers (`heartbeat`, `asyncResult`) ask of the worker running it. */
export interface ActivityRuntime {
  context: ActivityContext;
  heartbeat(): Promise<{ cancelled: boolean }>;
}

interface Hooks {
  currentWorkflow: () => WorkflowRuntime | undefined;
  currentActivity: () => ActivityRuntime | undefined;
  service: ServiceRuntime | undefined;
}

const hooks: Hooks = {
  currentWorkflow: () => undefined,
  currentActivity: () => undefined,
  service: undefined,
};

/** Installs how the engine finds the running workflow and activity. Called by the engine, once. */
export function installExecutionScopes(scopes: Pick<Hooks, "currentWorkflow" | "currentActivity">) {
  hooks.currentWorkflow = scopes.currentWorkflow;
  hooks.currentActivity = scopes.currentActivity;
}

/** Installs the host that serves calls made outside workflows; returns a function that removes it. */
export function installServiceRuntime(service: ServiceRuntime): () => void {
  hooks.service = service;
  return () => {
    if (hooks.service === service) hooks.service = undefined;
  };
}

export function currentWorkflow(): WorkflowRuntime | undefined {
  return hooks.currentWorkflow();
}

export function currentActivity(): ActivityRuntime | undefined {
  return hooks.currentActivity();
}

/** The host serving this process, or a clear error when none runs. */
export function serviceRuntime(): ServiceRuntime {
  if (!hooks.service) {
    throw new Error(
      "No Eventual host is running in this process: start the service with `eventual dev`, or use TestEnvironment in tests.",
    );
  }
  return hooks.service;
}

/** The running workflow, or an error naming the primitive that needs one. */
export function requireWorkflow(primitive: string): WorkflowRuntime {
  const workflow = currentWorkflow();
  if (!workflow) throw new Error(`${primitive} can only be called from inside a workflow.`);
  return workflow;
}

/**
 * The service client of the host this code runs in: inside API handlers, activities and
 * subscribers it reaches the running service in-process, with the same methods and errors as
 * the HTTP `ServiceClient` of `@eventual/client`. Given the name of another service of the app,
 * it reaches that service over HTTP, typed by the declarations passed to each call. Not for
 * workflow code, whose every effect must be a recorded step.
 *
 * @example
 * api.get("/transfers/:id", async (request) =>
 *   getServiceClient().getExecution(`transfer~${request.params.id}`));
 *
 * // In the invoice service: the order service's workflow, typed by its declaration.
 * await getServiceClient("order-service").startExecution(refundOrder, { orderId });
 */
export function getServiceClient(service?: string): EventualServiceClient {
  if (currentWorkflow()) {
    throw new Error(
      "getServiceClient() cannot be used in workflow code: call activities, child workflows, sendSignal or publishEvents instead.",
    );
  }
  const runtime = serviceRuntime();
  if (service === undefined) return runtime.client;
  const client = runtime.serviceClient?.(service);
  if (!client) {
    throw new Error(
      `getServiceClient("${service}"): no service of that name is known here; run this service as one of its app's (eventual dev app.ts, eventual serve app.ts --service …).`,
    );
  }
  return client;
}
