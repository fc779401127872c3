/**
 * The base of every error that crosses a durable boundary (activity, child workflow, signal timeout).
 * Only `name` and `message` survive the trip through history, so they identify the error.
 *
 * @example
 * try { await chargeCard(source, amount); }
 * catch (err) { if (err instanceof EventualError && err.name === "CardDeclined") { ... } }
 */
export class EventualError extends Error {
  constructor(name: string, message = "", options?: { cause?: unknown }) {
    super(message, options);
    this.name = name;
  }

  toJSON(): SerializedError {
    return { name: this.name, message: this.message };
  }
}

/** The stored form of an error: what history, the control API and the client carry. */
export interface SerializedError {
  name: string;
  message: string;
}

/** A wait ran out: `expectSignal`, an activity's `timeout`, a workflow's `timeout`. */
export class Timeout extends EventualError {
  constructor(message = "timed out") {
    super("Timeout", message);
  }
}

/** An activity did not heartbeat within its `heartbeatTimeout`. */
export class HeartbeatTimeout extends Timeout {
  constructor(message = "activity heartbeat timed out") {
    super(message);
    this.name = "HeartbeatTimeout";
  }
}

/**
 * A replay issued a different command than history recorded at the same position. The execution
 * is held, not failed: it resumes once the code is fixed.
 */
export class DeterminismError extends EventualError {
  constructor(message: string) {
    super("DeterminismError", message);
  }
}

/** Input that does not satisfy a declared schema or the API's rules. */
export class ValidationError extends EventualError {
  constructor(message: string) {
    super("ValidationError", message);
  }
}

/** Workflow code used something that would make replay differ from the first run. */
export class NonDeterministicCallError extends EventualError {
  constructor(message: string) {
    super("NonDeterministicCallError", message);
  }
}

/** Turns anything thrown into the `{ name, message }` that history stores. */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) return { name: error.name, message: error.message };
  if (isSerializedError(error)) return { name: error.name, message: error.message };
  let message: string;
  try {
    message = JSON.stringify(error) ?? String(error);
  } catch {
    message = String(error);
  }
  return { name: "Error", message };
}

/** Rebuilds the error a workflow sees from its stored form, keeping `Timeout` classes. */
export function deserializeError(error: SerializedError): EventualError {
  switch (error.name) {
    case "Timeout":
      return new Timeout(error.message);
    case "HeartbeatTimeout":
      return new HeartbeatTimeout(error.message);
    case "DeterminismError":
      return new DeterminismError(error.message);
    default:
      return new EventualError(error.name, error.message);
  }
}

function isSerializedError(value: unknown): value is SerializedError {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as SerializedError).name === "string" &&
    typeof (value as SerializedError).message === "string"
  );
}
