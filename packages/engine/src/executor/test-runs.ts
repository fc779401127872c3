/** Runs of workflows for the executor's tests: live, as stores would keep them, and replayed. */
import type { Workflow } from "@eventual/core";
import { DeterminismError } from "@eventual/core";
import { expect } from "vitest";
import type { HistoryEvent, InputEvent } from "../history.js";
import { newInstance } from "./test-events.js";

/**
 * Applies `events` to a new live instance, one task each, and returns it with the history a store
 * would hold: each step serialized once `apply` returned, as its commit would.
 */
export async function runLive(wf: Workflow, events: InputEvent[]) {
  const instance = newInstance(wf);
  const history: HistoryEvent[] = [];
  for (const event of events) {
    const step = await instance.apply([event]);
    history.push(...(JSON.parse(JSON.stringify(step.history)) as HistoryEvent[]));
  }
  return { instance, history };
}

/** The `DeterminismError` a replay rejects with; fails the test if it does not. */
export async function determinismError(replay: Promise<unknown>): Promise<DeterminismError> {
  const error = await replay.then(
    () => expect.fail("replay accepted a diverging workflow"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DeterminismError);
  return error as DeterminismError;
}
