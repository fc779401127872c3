import { assertName, declare } from "./registry.js";
import { currentWorkflow, requireWorkflow, serviceRuntime } from "./runtime.js";
import type { TimeoutValue } from "./schedule.js";
import { timeoutSeconds } from "./schedule.js";

/** A handler registered with `onSignal`; `dispose()` stops it. */
export interface SignalsHandler {
  dispose(): void;
}

/** Options of `expectSignal`; `timeoutSeconds` is the original Eventual's spelling of `timeout`, still accepted. */
export interface ExpectSignalOptions {
  /** Seconds, a `duration()`, or the `time()` at which the wait rejects with `Timeout`. */
  timeout?: TimeoutValue;
  timeoutSeconds?: number;
}

/** The object form of `sendSignal`. */
export interface SendSignalProps<Payload> {
  executionId: string;
  payload?: Payload;
  /** Deduplicates: a second signal with the same id to the same execution is ignored. */
  id?: string;
}

/** A message sent to one running execution. */
export interface Signal<Payload = void> {
  readonly signalId: string;
  readonly name: string;
  /**
   * Inside a workflow: runs `handler` for every such signal that arrives from now until disposed
   * (not for signals kept before it was registered). A signal a handler saw is not kept.
   */
  onSignal(handler: (payload: Payload) => unknown): SignalsHandler;
  /**
   * Inside a workflow: takes the oldest such signal kept (one that arrived while nothing took
   * it), or else waits for the next one; past `timeout` rejects with `Timeout`. Each signal is
   * taken by one `expectSignal`: two waiting at once take two signals.
   */
  expectSignal(options?: ExpectSignalOptions): Promise<Payload>;
  /** Sends the signal to an execution; refused if the execution has ended. */
  sendSignal(request: SendSignalProps<Payload>): Promise<void>;
  sendSignal(executionId: string, payload?: Payload): Promise<void>;
}

/**
 * Declares a signal.
 *
 * A signal reaches a workflow through its inbox: delivered once, applied in the order it was
 * received, and recorded in history, so replay sees it again. When it arrives it goes to every
 * `onSignal` handler registered for it and to the oldest `expectSignal` waiting for it. If
 * neither is there (the workflow is sleeping, or busy with an activity), it is kept, and the
 * next `expectSignal` takes the oldest one kept; a handler registered later does not see it.
 *
 * @example
 * export const cancelSignal = signal<{ reason: string }>("cancel");
 * // in a workflow:  const { reason } = await cancelSignal.expectSignal({ timeout: 30 });
 * // anywhere else:  await cancelSignal.sendSignal({ executionId, payload: { reason: "changed mind" } });
 * // sent while the workflow is in `await sleepFor(60)`, it is kept: the expectSignal after the
 * // sleep returns it at once.
 */
export function signal<Payload = void>(name: string): Signal<Payload> {
  assertName("Signal", name);
  declare("signals", { name });
  return {
    signalId: name,
    name,
    onSignal: (handler) => onSignal(name, handler),
    expectSignal: (options) => expectSignal<Payload>(name, options),
    sendSignal: (
      requestOrExecutionId: SendSignalProps<Payload> | string,
      payload?: Payload,
    ): Promise<void> => {
      const request =
        typeof requestOrExecutionId === "string"
          ? { executionId: requestOrExecutionId, payload }
          : requestOrExecutionId;
      return sendSignal(request.executionId, name, request.payload, { id: request.id });
    },
  };
}

type SignalRef<Payload> = Signal<Payload> | string;

function signalName(ref: SignalRef<any>): string {
  return typeof ref === "string" ? ref : ref.name;
}

/**
 * Takes inside a workflow the oldest signal kept, or waits for the next; the free form of
 * `signal.expectSignal`.
 */
export function expectSignal<Payload = any>(
  ref: SignalRef<Payload>,
  options: ExpectSignalOptions = {},
): Promise<Payload> {
  const timeout = timeoutSeconds("timeout", options.timeout ?? options.timeoutSeconds);
  return requireWorkflow("expectSignal()").expectSignal(
    signalName(ref),
    timeout,
  ) as Promise<Payload>;
}

/**
 * Handles every such signal that arrives inside a workflow until disposed; the free form of
 * `signal.onSignal`.
 */
export function onSignal<Payload = any>(
  ref: SignalRef<Payload>,
  handler: (payload: Payload) => unknown,
): SignalsHandler {
  return requireWorkflow("onSignal()").onSignal(signalName(ref), handler);
}

/**
 * Sends a signal to an execution, from a workflow (a durable step, recorded in history) or from
 * anywhere else (refused with an error if the execution has ended or does not exist).
 */
export function sendSignal<Payload = any>(
  executionId: string,
  ref: SignalRef<Payload>,
  payload?: Payload,
  options: { id?: string } = {},
): Promise<void> {
  const name = signalName(ref);
  const workflow = currentWorkflow();
  if (workflow) return workflow.sendSignal(executionId, name, payload, options.id);
  return serviceRuntime().sendSignal({ executionId, signal: name, payload, id: options.id });
}
