import { HttpClient } from "./http-client.js";
import { oneAtATime } from "./load.js";
import { startServer } from "./processes.js";
import { percentile, round2 } from "./stats.js";

const samples = 200;
const warmup = 50;

/**
 * The other floor under `latency1`: one HTTP round trip of the bench's client, one call at a
 * time, to a bare node:http server on loopback (bench/raw-server.ts, `GET /hello`), the median
 * of 200. Every call of a workflow pays it once, whatever the engine does; measured in the same
 * run, a day of slow scheduling shows as the machine's.
 */
export async function httpFloorMs(): Promise<number> {
  const raw = await startServer("raw-server.ts");
  const http = new HttpClient(raw.url, 1);
  try {
    const hello = async () => (await http.get<{ hello?: string }>("/hello")).status === 200;
    const { latencies, failures } = await oneAtATime(samples, warmup, hello);
    if (failures > 0) throw new Error(`the HTTP floor's server failed ${failures} calls`);
    return round2(percentile(latencies, 50));
  } finally {
    http.close();
    await raw.stop();
  }
}
