import type { SerializedError } from "./errors.js";

/**
 * An event delivery whose subscriber failed on every attempt its retry policy allows: kept, never
 * run again, until it is redriven (`redriveDeadLetter`), which gives it a fresh set of attempts.
 */
export interface DeadLetter {
  /** The delivery's id, for `redriveDeadLetter`. */
  id: string;
  /** The subscriber that failed. */
  subscription: string;
  eventName: string;
  /** The event's payload, as published. */
  event: unknown;
  /** How many attempts failed. */
  attempts: number;
  /** What the last attempt threw. */
  error?: SerializedError;
  /** Where the last attempt threw, down to the subscriber's own code, when what it threw had a stack. */
  stack?: string;
  /** When the event was published (ISO 8601). */
  publishedAt: string;
  /** The execution whose workflow published the event, if one did. */
  executionId?: string;
}

/** Which page of dead letters to list: oldest first, by publish time. */
export interface DeadLetterQuery {
  /** 1 to 1000; default 100. */
  limit?: number;
  nextToken?: string;
}

export interface DeadLetterPage {
  deadLetters: DeadLetter[];
  /** Present when more dead letters follow: pass it back for the next page. */
  nextToken?: string;
}
