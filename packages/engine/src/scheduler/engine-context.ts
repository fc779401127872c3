import type { ServiceRegistry } from "@eventual/core/internal";
import type { Clock } from "../clock.js";
import type { EventPusher } from "../links/event-pusher.js";
import type { LinkedSubscriber } from "../links/service-links.js";
import type { Subscribers } from "../links/subscriber-table.js";
import type { LogRecord, Store } from "../store/store.js";
import type { ExecutionEnding } from "./ending-waiters.js";
import type { GroupCommitter } from "./group-committer.js";

/** What every scheduler loop shares: the I/O it is handed, never module state. */
export interface EngineContext {
  registry: ServiceRegistry;
  /** Who receives each event: this service's subscribers and the services it pushes to. */
  subscribers: Subscribers;
  /** The services this one pushes events to, and how (absent when there are none). */
  linked: { subscribers: ReadonlyMap<string, LinkedSubscriber>; pusher?: EventPusher };
  store: Store;
  committer: GroupCommitter;
  clock: Clock;
  owner: string;
  leaseMs: number;
  newId: () => string;
  emit<K extends keyof EngineEvents>(type: K, detail: EngineEvents[K]): void;
  reportError(error: unknown, during: string): void;
  /** New work may be ready: a live host's loop looks again at once. */
  wake(): void;
  /** Work becomes due at `time`: a live host's loop sleeps no later than that. */
  wakeAt(time: number): void;
  /** Shows captured `console` output on the terminal, if the host wants it. */
  echoLog(log: LogRecord): void;
  /** How deep a stored value may nest: deeper ones are refused before they reach a commit. */
  maxJsonDepth: number;
}

/** What the engine announces as it works; tests and the dashboard listen instead of sleeping. */
export interface EngineEvents {
  /** A workflow task committed (or, without `outcome`, did not); `ended` when it ended the execution. */
  workflowTask: {
    executionId: string;
    /** The execution's first step. */
    started?: true;
    /** How long the step took, from replaying or applying to its commit, in milliseconds. */
    ms?: number;
    outcome?: string;
    ended?: ExecutionEnding;
  };
  executionHeld: { executionId: string; error: { name: string; message: string } };
  /** A held execution's history replays on this code again: it runs on. */
  executionReleased: { executionId: string };
  activityCompleted: {
    executionId: string;
    seq: number;
    name: string;
    attempt: number;
    outcome: "succeeded" | "failed" | "retrying" | "waiting";
  };
  deliveryCompleted: {
    subscription: string;
    eventName: string;
    attempt: number;
    outcome: "delivered" | "retrying" | "dead";
    /** The delivery's id: a dead letter's, for redriving it. */
    deliveryId: string;
    /** The event's payload. */
    event: unknown;
    /** What the subscriber threw, unless it was `delivered`. */
    error?: { name: string; message: string };
    /** When a `retrying` delivery is tried again (epoch milliseconds). */
    retryAt?: number;
    /** The execution whose workflow published the event, if one did. */
    executionId?: string;
  };
}
