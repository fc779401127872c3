import type { HttpClient } from "../lib/http-client.js";
import { forEachConcurrently } from "../lib/load.js";
import type { Scenario } from "../lib/scenario.js";
import { startPath, waitUntil, withHost } from "../lib/scenario.js";
import { percentile, round2, since } from "../lib/stats.js";

const executions = 10_000;
const startConcurrency = 100;
/**
 * Starts per second. Unpaced, the starts alone would keep the engine at full load, and the lag
 * would measure that backlog, not timers; paced, 1,000 executions are asleep at any moment while
 * as many start and as many wake each second.
 */
const startsPerSecond = 1_000;

interface ExecutionPage {
  executions: { status: string; result?: unknown }[];
  nextToken?: string;
}

/**
 * `timers10k`: 10,000 executions each sleep one second and then report, from an activity, how
 * late they woke (real time minus the timer's due time). The lag therefore covers the timer
 * firing, the workflow task it unlocks and the activity that reads the clock: the delay a user's
 * code after `sleepFor` sees. Starts overlap with wake-ups, as they would in production, at a
 * steady 1,000 per second (an open loop: start i is sent at i ms).
 */
export const timers10k: Scenario = {
  key: "timers10k",
  what: `${executions.toLocaleString("en")} executions sleeping 1 s; lag of each wake-up`,
  run: (context) =>
    withHost(context, { sockets: startConcurrency }, async ({ http, engineCpuMs }) => {
      const cpuBefore = engineCpuMs();
      const started = performance.now();
      await forEachConcurrently(executions, startConcurrency, async (i) => {
        const sendAt = started + (i * 1000) / startsPerSecond;
        const wait = sendAt - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        await http.expectOk("POST", startPath("sleeper"), {});
      });
      const startSeconds = since(started) / 1000;
      await waitUntil("every sleeper to end", () => noneInProgress(http), {
        timeoutMs: 60_000,
        intervalMs: 250,
      });
      // Start, timer, wake-up and one activity each: the polls above are counted too, a few.
      const cpuPerExecution = (engineCpuMs() - cpuBefore) / executions;
      const ended = await listAll(http, "sleeper");
      const lags = ended.filter((e) => e.status === "SUCCEEDED").map((e) => Number(e.result));
      return {
        lag_p99_ms: round2(percentile(lags, 99)),
        lag_p50_ms: round2(percentile(lags, 50)),
        lag_max_ms: round2(percentile(lags, 100)),
        executions: lags.length,
        failures: ended.length - lags.length,
        start_per_s: round2(executions / startSeconds),
        cpu_ms_per_workflow: round2(cpuPerExecution),
      };
    }),
};

async function noneInProgress(http: HttpClient): Promise<boolean> {
  const page = await http.expectOk<ExecutionPage>(
    "GET",
    "/_eventual/executions?workflow=sleeper&status=IN_PROGRESS&limit=1",
  );
  return page.executions.length === 0;
}

async function listAll(http: HttpClient, workflow: string): Promise<ExecutionPage["executions"]> {
  const all: ExecutionPage["executions"] = [];
  let nextToken: string | undefined;
  do {
    const token = nextToken ? `&nextToken=${encodeURIComponent(nextToken)}` : "";
    const page = await http.expectOk<ExecutionPage>(
      "GET",
      `/_eventual/executions?workflow=${workflow}&limit=1000${token}`,
    );
    all.push(...page.executions);
    nextToken = page.nextToken;
  } while (nextToken);
  return all;
}
