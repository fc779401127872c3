import { realDate } from "./executor/sandbox.js";

/** Where the engine reads time; injected so that tests can move it by hand. */
export interface Clock {
  now(): number;
}

/** The machine's clock. */
export const systemClock: Clock = { now: () => realDate.now() };

/** A clock that moves only when told: the TestEnvironment's virtual time. */
export class VirtualClock implements Clock {
  #now: number;

  constructor(start: number) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  set(time: number): void {
    this.#now = time;
  }
}

/** ISO 8601 for epoch milliseconds, with the real `Date`. */
export function iso(time: number): string {
  return new realDate(time).toISOString();
}
