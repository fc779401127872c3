import { HttpClient } from "../lib/http-client.js";
import { closedLoop } from "../lib/load.js";
import { startServer } from "../lib/processes.js";
import type { Scenario } from "../lib/scenario.js";
import { concurrency, loadWindow, withHost } from "../lib/scenario.js";
import { round2 } from "../lib/stats.js";

/**
 * `api`: `GET /hello` on the service (a route answering `{ hello: "world" }`) against a bare
 * node:http server answering the same bytes, each in its own process, under the same closed-loop
 * generator, concurrency and window, one after the other in the same run.
 */
export const apiScenario: Scenario = {
  key: "api",
  what: "JSON hello route vs. raw node:http, concurrency 50",
  run: async (context) => {
    const window = loadWindow(context.quick);
    const service = await withHost(context, { sockets: concurrency }, ({ http, engineCpuMs }) =>
      helloLoad(http, window, engineCpuMs),
    );
    const raw = await startServer("raw-server.ts");
    const rawHttp = new HttpClient(raw.url, concurrency);
    try {
      const baseline = await helloLoad(rawHttp, window);
      return {
        req_per_s: service.throughput_per_s,
        raw_req_per_s: baseline.throughput_per_s,
        ratio: round2(service.throughput_per_s / baseline.throughput_per_s),
        p50_ms: service.p50_ms,
        raw_p50_ms: baseline.p50_ms,
        cpu_ms_per_request: service.cpu_ms_per_call ?? Number.NaN,
        failures: service.failures + baseline.failures,
      };
    } finally {
      rawHttp.close();
      await raw.stop();
    }
  },
};

function helloLoad(
  http: HttpClient,
  window: { warmupMs: number; windowMs: number },
  cpuMs?: () => number,
) {
  return closedLoop({
    concurrency,
    ...window,
    ...(cpuMs ? { cpuMs } : {}),
    call: async () => {
      const response = await http.get<{ hello?: string }>("/hello");
      return response.status === 200 && response.body?.hello === "world";
    },
  });
}
