/**
 * `npx tsx bench/harness-eventual.ts <url> [latencyN] [concurrency] [durationSec]`
 *
 * Eventual's three-step workflow (`seq3` of bench/service.ts) driven by the shared bench-peers
 * harness (../shared/bench-peers/common/harness.mjs), the load generator that drives Restate and
 * DBOS there, with the same calls: each starts a named execution and waits for its result
 * (`?wait=`). Prints the harness's JSON lines, as the peers' own bench scripts do.
 */
import { fileURLToPath } from "node:url";

interface Harness {
  latency(
    call: (id: string) => Promise<unknown>,
    options: { n: number; warmup: number },
  ): Promise<unknown>;
  throughput(
    call: (id: string) => Promise<unknown>,
    options: { concurrency: number; durationMs: number },
  ): Promise<unknown>;
}

const [url, latencyRuns = "200", concurrency = "50", seconds = "20"] = process.argv.slice(2);
if (!url)
  throw new Error("usage: harness-eventual.ts <url> [latencyN] [concurrency] [durationSec]");
// A path, not a literal: the harness lies outside the repository, untyped.
const harnessPath = fileURLToPath(
  new URL("../../shared/bench-peers/common/harness.mjs", import.meta.url),
);
const { latency, throughput } = (await import(harnessPath)) as Harness;
const run = Date.now().toString(36);

async function call(id: string): Promise<void> {
  const response = await fetch(`${url}/_eventual/workflows/seq3/executions?wait=60`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ input: 1, executionName: `${run}-${id}` }),
  });
  const body = (await response.json()) as { execution?: { status: string; result: unknown } };
  if (!response.ok || body.execution?.result !== 4) {
    throw new Error(`bad response ${response.status} ${JSON.stringify(body)}`);
  }
}

const measured = await latency(call, { n: Number(latencyRuns), warmup: 20 });
console.log(JSON.stringify({ engine: "eventual", latency: measured }));
if (Number(concurrency) > 0) {
  const load = await throughput(call, {
    concurrency: Number(concurrency),
    durationMs: Number(seconds) * 1000,
  });
  console.log(JSON.stringify({ engine: "eventual", throughput: load }));
}
