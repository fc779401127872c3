import { cpuFigures } from "../lib/cpu.js";
import { oneAtATime } from "../lib/load.js";
import type { Scenario } from "../lib/scenario.js";
import { runToCompletion, withHost } from "../lib/scenario.js";
import { median, round2 } from "../lib/stats.js";

/**
 * `fanout100`: one workflow awaiting `Promise.all` of 100 activities, start to completion. The
 * figure is the median of several runs, one at a time, after one discarded warm-up run.
 */
export const fanout100: Scenario = {
  key: "fanout100",
  what: "one workflow, Promise.all of 100 activities, start to completion",
  run: (context) =>
    withHost(context, { sockets: 1 }, async ({ http, engineCpuMs }) => {
      const runs = context.quick ? 5 : 20;
      const { latencies, failures, cpuMsPerCall } = await oneAtATime(
        runs,
        1,
        () => runToCompletion(http, "fanout100"),
        engineCpuMs,
      );
      return {
        ms: round2(median(latencies)),
        runs: latencies.length,
        failures,
        ...cpuFigures(cpuMsPerCall, 100),
      };
    }),
};
