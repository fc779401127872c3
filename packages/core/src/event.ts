import { ValidationError } from "./errors.js";
import type { EventDeclaration, RetryPolicy } from "./registry.js";
import { assertName, declare, getRegistry } from "./registry.js";
import { currentWorkflow, serviceRuntime } from "./runtime.js";
import type { Schema } from "./schema.js";

/** A subscriber's delivery policy: deliveries past `maxAttempts` become dead letters. */
export interface SubscriptionOptions {
  retry?: RetryPolicy;
}

/** A registered `onEvent` handler. */
export interface Subscription {
  readonly name: string;
}

/** An event type: publish records of it; subscribe to react to them. */
export interface Event<E = any> {
  readonly name: string;
  readonly schema?: Schema<E>;
  /**
   * Subscribes: `handler` runs at least once per published event, retried with backoff; after the
   * last attempt the delivery is kept as a dead letter.
   */
  onEvent(handler: (event: E) => unknown): Subscription;
  onEvent(name: string, handler: (event: E) => unknown): Subscription;
  onEvent(name: string, options: SubscriptionOptions, handler: (event: E) => unknown): Subscription;
  /**
   * Publishes events to every subscriber. From a workflow it is a durable step; elsewhere the
   * events are stored before the call returns. Events that violate the schema are refused.
   */
  publishEvents(...events: E[]): Promise<void>;
}

const defaultDeliveryRetry: RetryPolicy = { maxAttempts: 5 };

/**
 * Declares an event, optionally with a zod schema that every published event must satisfy.
 *
 * @example
 * interface OrderEvent { orderId: string; orderTime: string }
 * export const orderEvent = event<OrderEvent>("Order");
 * orderEvent.onEvent(async (e) => { await recordOrder(e.orderId); });
 * await orderEvent.publishEvents({ orderId, orderTime });
 */
export function event<E = any>(name: string, schema?: Schema<E>): Event<E> {
  assertName("Event", name);
  declare("events", { name, schema });
  let subscriptionCount = 0;
  return {
    name,
    schema,
    onEvent(...args: unknown[]): Subscription {
      const handler = args.at(-1) as (event: E) => unknown;
      const subscriptionName =
        typeof args[0] === "string" ? args[0] : `${name}.subscriber-${++subscriptionCount}`;
      const options = (args.length === 3 ? args[1] : {}) as SubscriptionOptions;
      if (typeof handler !== "function") throw new Error("onEvent needs a handler function.");
      declare("subscriptions", {
        name: subscriptionName,
        events: [name],
        handler,
        retry: options.retry ?? defaultDeliveryRetry,
      });
      return { name: subscriptionName };
    },
    async publishEvents(...events: E[]) {
      const published = events.map((e) => ({ name, event: validateEvent(name, e) }));
      const workflow = currentWorkflow();
      if (workflow) return workflow.publishEvents(published);
      return serviceRuntime().publishEvents(published);
    },
  };
}

/**
 * Checks an event against its declared schema and returns the value to store (the schema's
 * output). An event with no schema, or not declared here, passes as it is.
 */
export function validateEvent(
  name: string,
  value: unknown,
  declaration?: EventDeclaration,
): unknown {
  const schema = (declaration ?? getRegistry().events.get(name))?.schema;
  if (!schema) return value;
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new ValidationError(
      `Event "${name}" does not match its schema: ${describeIssues(parsed.error)}`,
    );
  }
  return parsed.data;
}

/** A schema's complaint in one line: `amount: expected number; id: required` for zod's issues. */
function describeIssues(error: { message: string; issues?: unknown }): string {
  if (!Array.isArray(error.issues) || error.issues.length === 0) return error.message;
  return error.issues
    .map((issue: { path?: unknown[]; message?: string }) => {
      const path =
        Array.isArray(issue.path) && issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
      return `${path}${issue.message ?? "invalid"}`;
    })
    .join("; ");
}
