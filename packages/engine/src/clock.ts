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

let lastTime = Number.NaN;
let lastIso = "";

/**
 * ISO 8601 for epoch milliseconds, with the real `Date`. A busy engine stamps many events in the
 * same millisecond: the last one's text is kept for the next.
 */
export function iso(time: number): string {
  if (time !== lastTime) {
    lastIso = new realDate(time).toISOString();
    lastTime = time;
  }
  return lastIso;
}
