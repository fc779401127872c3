import { cpuFigures } from "../lib/cpu.js";
import { closedLoop } from "../lib/load.js";
import type { Scenario } from "../lib/scenario.js";
import { concurrency, loadWindow, runToCompletion, withHost } from "../lib/scenario.js";
import { round2 } from "../lib/stats.js";

const steps = 10;

/** `chain10`: like `sequential3` with ten sequential activities; steps/s is workflows/s × 10. */
export const chain10: Scenario = {
  key: "chain10",
  what: `${steps} sequential activities, concurrency 50, closed loop`,
  run: (context) =>
    withHost(context, { sockets: concurrency }, async ({ http, engineCpuMs }) => {
      const load = await closedLoop({
        concurrency,
        ...loadWindow(context.quick),
        call: () => runToCompletion(http, "chain10", 0),
        cpuMs: engineCpuMs,
      });
      return {
        throughput_per_s: load.throughput_per_s,
        steps_per_s: round2(load.throughput_per_s * steps),
        p50_ms: load.p50_ms,
        p99_ms: load.p99_ms,
        runs: load.runs,
        failures: load.failures,
        ...cpuFigures(load.cpu_ms_per_call, steps),
      };
    }),
};
