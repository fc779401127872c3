import { HttpClient } from "../lib/http-client.js";
import { forEachConcurrently } from "../lib/load.js";
import type { ServerProcess } from "../lib/processes.js";
import { startServer } from "../lib/processes.js";
import type { Scenario } from "../lib/scenario.js";
import { hostFlags, startPath } from "../lib/scenario.js";
import { round2, since } from "../lib/stats.js";

const concurrency = 200;
/** Executions woken by their signal in the second process, to show it serves them. */
const woken = 1_000;
/** Time for work in hand to finish before memory is read. */
const settleMs = 3_000;

/**
 * `suspended100k`: 100,000 executions (10,000 when quick) each waiting on a signal; then the
 * resident memory of an engine process that holds them. Suspended executions live in the store,
 * not in memory, so that should barely exceed an idle process's.
 *
 * Two processes on the same store: the first starts them all, the second, started after the
 * first stopped, takes over the suspended executions and wakes 1,000 of them by signal. `rss_mb`
 * is the second process's RSS after a full collection: what a node holding that many suspended
 * executions costs. The first process's RSS right after its start burst is `rss_after_starts_mb`:
 * V8 keeps the heap it grew for the burst's garbage until the process has been quiet a while, so
 * that figure says more about the burst than about the executions.
 */
export const suspended100k: Scenario = {
  key: "suspended100k",
  what: "executions waiting on a signal; RSS of an engine process that holds them",
  run: async (context) => {
    const executions = context.quick ? 10_000 : 100_000;
    const store = await context.store.fresh();
    try {
      const starter = await session(store.hostArgs, hostFlags(context), async (host, http) => {
        const baseline = host.rssMb();
        const ids: string[] = [];
        const started = performance.now();
        await forEachConcurrently(executions, concurrency, async () => {
          ids.push(
            (await http.expectOk<{ executionId: string }>("POST", startPath("waiter"), {}))
              .executionId,
          );
        });
        const startSeconds = since(started) / 1000;
        return { ids, baseline, startSeconds, afterStarts: await settledRss(host) };
      });
      const holder = await session(store.hostArgs, hostFlags(context), async (host, http) => {
        const wokenStarted = performance.now();
        await forEachConcurrently(woken, concurrency, async (i) => {
          const id = starter.ids[Math.floor((i * starter.ids.length) / woken)]!;
          await http.expectOk("POST", `/_eventual/executions/${encodeURIComponent(id)}/signals`, {
            signal: "wake",
          });
        });
        for (let i = 0; i < woken; i++) {
          const id = starter.ids[Math.floor((i * starter.ids.length) / woken)]!;
          const name = id.slice(id.indexOf("~") + 1);
          await http.expectOk("POST", startPath("waiter", 30), { executionName: name });
        }
        return { rss: await settledRss(host), wokenMs: since(wokenStarted) };
      });
      return {
        rss_mb: round2(holder.rss),
        executions,
        woken,
        woken_ms: round2(holder.wokenMs),
        rss_after_starts_mb: round2(starter.afterStarts),
        baseline_rss_mb: round2(starter.baseline),
        start_per_s: round2(executions / starter.startSeconds),
      };
    } finally {
      await store.dispose();
    }
  },
};

/** One engine process on the store, for the length of `measure`. */
async function session<T>(
  hostArgs: string[],
  flags: string[],
  measure: (host: ServerProcess, http: HttpClient) => Promise<T>,
): Promise<T> {
  const host = await startServer("host.ts", hostArgs, flags);
  const http = new HttpClient(host.url, concurrency);
  try {
    return await measure(host, http);
  } finally {
    http.close();
    await host.stop(10_000);
  }
}

/** RSS once work in hand has finished and a full collection has run. */
async function settledRss(host: ServerProcess): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  await host.collectGarbage();
  return host.rssMb();
}
