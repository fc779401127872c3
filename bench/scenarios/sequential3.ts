import { cpuFigures } from "../lib/cpu.js";
import { closedLoop } from "../lib/load.js";
import type { Scenario } from "../lib/scenario.js";
import { concurrency, loadWindow, runToCompletion, withHost } from "../lib/scenario.js";

/**
 * `sequential3`: 50 closed-loop callers each start a three-step workflow over HTTP and wait for
 * it to complete (`?wait=`), so every figure is start-to-completion as a user sees it. The
 * engine's CPU per workflow, and per step (one of its three activities), is read over the window.
 */
export const sequential3: Scenario = {
  key: "sequential3",
  what: "3 sequential activities, concurrency 50, closed loop",
  run: (context) =>
    withHost(context, { sockets: concurrency }, async ({ http, engineCpuMs }) => {
      const { cpu_ms_per_call, ...load } = await closedLoop({
        concurrency,
        ...loadWindow(context.quick),
        call: () => runToCompletion(http, "seq3", 1),
        cpuMs: engineCpuMs,
      });
      return { ...load, ...cpuFigures(cpu_ms_per_call, 3) };
    }),
};
