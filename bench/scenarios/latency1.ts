import { oneAtATime } from "../lib/load.js";
import type { Scenario } from "../lib/scenario.js";
import { runToCompletion, withHost } from "../lib/scenario.js";
import { percentile, round2 } from "../lib/stats.js";

const runs = 200;
const warmup = 50;

/** `latency1`: the three-step workflow, one execution at a time: latency with no queueing. */
export const latency1: Scenario = {
  key: "latency1",
  what: `3 sequential activities, one at a time, ${runs} runs`,
  run: (context) =>
    withHost(context, { sockets: 1 }, async ({ http }) => {
      const { latencies, failures } = await oneAtATime(runs, warmup, () =>
        runToCompletion(http, "seq3", 1),
      );
      return {
        p50_ms: round2(percentile(latencies, 50)),
        p99_ms: round2(percentile(latencies, 99)),
        runs: latencies.length,
        failures,
      };
    }),
};
