import { runForJson } from "../lib/processes.js";
import type { Scenario } from "../lib/scenario.js";
import type { ReplayFigures } from "../replay.js";

/**
 * `replay10k`: rebuilding a workflow from a 10,000-event history (a cache miss) and applying one
 * more event to a live instance (the hot path); the executor alone, no store (bench/replay.ts).
 */
export const replay10k: Scenario = {
  key: "replay10k",
  what: "10,000-event history: cold replay, and cost per event on the hot path",
  run: async (context) => {
    const figures = await runForJson<ReplayFigures>("replay.ts", [
      "--rounds",
      context.quick ? "3" : "7",
    ]);
    return { ...figures };
  },
};
