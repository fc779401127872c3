import { forEachConcurrently } from "../lib/load.js";
import type { Scenario } from "../lib/scenario.js";
import { startPath, withHost } from "../lib/scenario.js";
import { round2, since } from "../lib/stats.js";

const startConcurrency = 200;
/** Time for the engine to finish the work the last starts left in hand before RSS is read. */
const settleMs = 3_000;

/**
 * `suspended100k`: 100,000 executions (10,000 when quick) each waiting on a signal that never
 * comes; then the resident memory of the engine process. Suspended executions should live in
 * the store, not in memory, so RSS should barely grow with their number. `rss_mb` is read as a
 * user would see it; `rss_after_gc_mb` after a full collection, which tells memory the engine
 * holds from garbage the start burst left that V8 has not collected yet.
 */
export const suspended100k: Scenario = {
  key: "suspended100k",
  what: "executions waiting on a signal; RSS of the engine process",
  run: (context) =>
    withHost(context, { sockets: startConcurrency }, async ({ host, http }) => {
      const executions = context.quick ? 10_000 : 100_000;
      const baseline = host.rssMb();
      const started = performance.now();
      await forEachConcurrently(executions, startConcurrency, async () => {
        await http.expectOk("POST", startPath("waiter"), {});
      });
      const startSeconds = since(started) / 1000;
      await new Promise((resolve) => setTimeout(resolve, settleMs));
      const rss = host.rssMb();
      await host.collectGarbage();
      return {
        rss_mb: round2(rss),
        executions,
        rss_after_gc_mb: round2(host.rssMb()),
        baseline_rss_mb: round2(baseline),
        start_per_s: round2(executions / startSeconds),
      };
    }),
};
