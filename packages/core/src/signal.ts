import { positiveSeconds } from "./activity.js";
import { assertName, declare } from "./registry.js";
import { currentWorkflow, requireWorkflow, serviceRuntime } from "./runtime.js";

/** A handler registered with `onSignal`; `dispose()` stops it. */
export interface SignalsHandler {
  dispose(): void;
}

/** Options of `expectSignal`; `timeoutSeconds` is the seed-era spelling. */
export interface ExpectSignalOptions {
  timeout?: number;
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
  /** Inside a workflow: runs `handler` for every such signal until disposed. */
  onSignal(handler: (payload: Payload) => unknown): SignalsHandler;
  /** Inside a workflow: waits for the next such signal; past `timeout` rejects with `Timeout`. */
  expectSignal(options?: ExpectSignalOptions): Promise<Payload>;
  /** Sends the signal to an execution; refused if the execution has ended. */
  sendSignal(request: SendSignalProps<Payload>): Promise<void>;
  sendSignal(executionId: string, payload?: Payload): Promise<void>;
}

/**
 * Declares a signal.
 *
 * A signal reaches a workflow through its inbox: delivered once, applied in the order it was
 * received, and recorded in history, so replay sees it again. A signal no handler or
 * `expectSignal` is waiting for is recorded and otherwise ignored.
 *
 * @example
 * export const cancelSignal = signal<{ reason: string }>("cancel");
 * // in a workflow:  const { reason } = await cancelSignal.expectSignal({ timeout: 30 });
 * // anywhere else:  await cancelSignal.sendSignal({ executionId, payload: { reason: "changed mind" } });
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

/** Waits inside a workflow for the next signal; the free form of `signal.expectSignal`. */
export function expectSignal<Payload = any>(
  ref: SignalRef<Payload>,
  options: ExpectSignalOptions = {},
): Promise<Payload> {
  const timeout = options.timeout ?? options.timeoutSeconds;
  if (timeout !== undefined) positiveSeconds("timeout", timeout);
  return requireWorkflow("expectSignal()").expectSignal(
    signalName(ref),
    timeout,
  ) as Promise<Payload>;
}

/** Handles every such signal inside a workflow until disposed; the free form of `signal.onSignal`. */
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
