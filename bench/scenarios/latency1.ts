import { commitFloorMs } from "../lib/commit-floor.js";
import { httpFloorMs } from "../lib/http-floor.js";
import { oneAtATime } from "../lib/load.js";
import type { Scenario } from "../lib/scenario.js";
import { runToCompletion, withHost } from "../lib/scenario.js";
import { percentile, round2 } from "../lib/stats.js";

const runs = 200;
const warmup = 50;

/**
 * `latency1`: the three-step workflow, one execution at a time: latency with no queueing, beside
 * its floors, measured right after: four durable commits in a row on the same store, and one
 * HTTP round trip to a bare server. What is left over is the engine's own work.
 */
export const latency1: Scenario = {
  key: "latency1",
  what: `3 sequential activities, one at a time, ${runs} runs`,
  run: (context) =>
    withHost(context, { sockets: 1 }, async ({ http, engineCpuMs }) => {
      const { latencies, failures, cpuMsPerCall } = await oneAtATime(
        runs,
        warmup,
        () => runToCompletion(http, "seq3", 1),
        engineCpuMs,
      );
      const p50 = round2(percentile(latencies, 50));
      const floor = await commitFloorMs(context.store);
      const httpFloor = await httpFloorMs();
      return {
        p50_ms: p50,
        p99_ms: round2(percentile(latencies, 99)),
        runs: latencies.length,
        failures,
        cpu_ms_per_workflow: cpuMsPerCall ?? Number.NaN,
        commit_floor_ms: floor,
        floor_ratio: round2(p50 / floor),
        http_floor_ms: httpFloor,
        engine_ms: round2(p50 - floor - httpFloor),
      };
    }),
};
