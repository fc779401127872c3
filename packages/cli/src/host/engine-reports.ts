import type { SerializedError } from "@eventual/core";
import type { Engine, EngineEvents } from "@eventual/engine";

/** A subscriber's attempt that threw: retried later, or, after its last attempt, a dead letter. */
export interface DeliveryFailure {
  deliveryId: string;
  subscription: string;
  eventName: string;
  /** The event's payload. */
  event: unknown;
  attempt: number;
  /** The attempts the subscriber's retry policy allows, when it is declared here. */
  maxAttempts?: number;
  error: SerializedError;
  /** When the next attempt runs (epoch ms); absent for a dead letter. */
  retryAt?: number;
  executionId?: string;
}

/** How a host prints what went wrong inside its engine: `eventual dev` for people, `serve` as JSON. */
export interface EngineReporter {
  deliveryFailed(failure: DeliveryFailure): void;
  workflowFailed(failure: {
    executionId: string;
    workflowName: string;
    error: SerializedError;
  }): void;
  /** The code no longer matches the execution's history: it waits, unfailed, for a fix. */
  executionHeld(hold: { executionId: string; error: SerializedError }): void;
  /** A held execution's history replays on this code: it runs on. */
  executionReleased(release: { executionId: string }): void;
}

/**
 * Tells `reporter` of every failed delivery attempt, failed workflow, held and released execution this
 * engine meets, as its events announce them; call it before the engine starts, so that nothing
 * it does from the start goes unsaid.
 */
export function reportEngineEvents(engine: Engine, reporter: EngineReporter): void {
  engine.events.on("deliveryCompleted", (delivery) => {
    const failure = deliveryFailure(engine, delivery);
    if (failure) reporter.deliveryFailed(failure);
  });
  engine.events.on("workflowTask", ({ executionId, ended }) => {
    if (ended?.status !== "FAILED" || !ended.error) return;
    const error = ended.error;
    // A child's id names its parent, not its workflow: the stored execution says which it is.
    void engine.getExecution(executionId).then(
      (execution) =>
        reporter.workflowFailed({
          executionId,
          workflowName: execution?.workflowName ?? "?",
          error,
        }),
      () => reporter.workflowFailed({ executionId, workflowName: "?", error }),
    );
  });
  engine.events.on("executionHeld", (hold) => reporter.executionHeld(hold));
  engine.events.on("executionReleased", (release) => reporter.executionReleased(release));
}

function deliveryFailure(
  engine: Engine,
  delivery: EngineEvents["deliveryCompleted"],
): DeliveryFailure | undefined {
  if (delivery.outcome === "delivered" || !delivery.error) return undefined;
  const maxAttempts = engine.registry.subscriptions.get(delivery.subscription)?.retry?.maxAttempts;
  return {
    deliveryId: delivery.deliveryId,
    subscription: delivery.subscription,
    eventName: delivery.eventName,
    event: delivery.event,
    attempt: delivery.attempt,
    ...(maxAttempts === undefined ? {} : { maxAttempts }),
    error: delivery.error,
    ...(delivery.retryAt === undefined ? {} : { retryAt: delivery.retryAt }),
    ...(delivery.executionId === undefined ? {} : { executionId: delivery.executionId }),
  };
}
