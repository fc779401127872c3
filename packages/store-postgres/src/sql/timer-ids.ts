import { param } from "./sql.js";

/** A timer by its id. */
export interface TimerKey {
  id: string;
}

/** The ids of the arguments' timers, as one `text[]`. */
export const timerIds = param("text[]", (timers: readonly TimerKey[]) =>
  timers.map((timer) => timer.id),
);
