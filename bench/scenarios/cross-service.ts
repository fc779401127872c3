import { randomBytes } from "node:crypto";
import { HttpClient } from "../lib/http-client.js";
import { forEachConcurrently } from "../lib/load.js";
import type { ServerProcess } from "../lib/processes.js";
import { startServer } from "../lib/processes.js";
import type { Scenario, ScenarioContext } from "../lib/scenario.js";
import { enginesCpu, hostFlags, waitUntil } from "../lib/scenario.js";
import { percentile, round2, since } from "../lib/stats.js";
import type { FreshStore } from "../lib/stores.js";

const events = 10_000;
const batch = 100;
const publishConcurrency = 10;
/** Events sent one at a time after the load, each once the one before has arrived. */
const singles = 200;

/**
 * `crossService`: 10,000 events published over the control API of one service (in batches of
 * 100), each pushed over signed HTTP to a subscriber service in another process, on its own
 * store, whose subscriber counts it. Throughput is timed from the first publish until the
 * subscriber has run for every event; latency from the publish (a timestamp in the event) to the
 * subscriber running, both read from this machine's clock. Every event is stored durably twice:
 * in the publisher's outbox, then once by the subscriber service with its delivery. Under that
 * load an event's latency is mostly its place in the backlog; `hop_p50_ms`/`hop_p99_ms` are the
 * latency of ${singles} events published one at a time afterwards, each once the previous has arrived.
 */
export const crossService: Scenario = {
  key: "crossService",
  what: `${events.toLocaleString("en")} events pushed to a subscriber service in another process; publish to its handler`,
  run: (context) =>
    withLinkedHosts(context, async ({ publisher, subscriber, enginesCpuMs }) => {
      const cpuBefore = enginesCpuMs();
      const started = performance.now();
      await forEachConcurrently(events / batch, publishConcurrency, async (b) => {
        const publishedAt = Date.now();
        const records = Array.from({ length: batch }, (_, i) => ({
          name: "crossTick",
          event: { n: b * batch + i, publishedAt },
        }));
        await publisher.expectOk("POST", "/_eventual/events", { events: records });
      });
      const publishMs = since(started);
      await waitUntil(
        `${events} events at the subscriber service`,
        async () => (await received(subscriber)) >= events,
        { timeoutMs: 120_000, intervalMs: 20 },
      );
      const seconds = since(started) / 1000;
      // Both services' processes (and their database's, on PostgreSQL): the publish, the push,
      // and the subscriber's delivery of each event.
      const cpuPerEvent = (enginesCpuMs() - cpuBefore) / events;
      for (let n = 0; n < singles; n++) {
        const record = { name: "crossTick", event: { n: events + n, publishedAt: Date.now() } };
        await publisher.expectOk("POST", "/_eventual/events", { events: [record] });
        await waitUntil(
          `event ${events + n + 1} at the subscriber service`,
          async () => (await received(subscriber)) > events + n,
          { timeoutMs: 30_000, intervalMs: 1 },
        );
      }
      const { latencies } = await subscriber.expectOk<{ latencies: number[] }>(
        "GET",
        "/cross/latencies",
      );
      const loaded = latencies.slice(0, events);
      const hops = latencies.slice(events);
      return {
        events_per_s: round2(events / seconds),
        p50_ms: round2(percentile(loaded, 50)),
        p99_ms: round2(percentile(loaded, 99)),
        hop_p50_ms: round2(percentile(hops, 50)),
        hop_p99_ms: round2(percentile(hops, 99)),
        events: loaded.length,
        cpu_ms_per_event: round2(cpuPerEvent),
        publish_ms: round2(publishMs),
      };
    }),
};

/** How many `crossTick` events the subscriber service has run its subscriber for. */
async function received(subscriber: HttpClient): Promise<number> {
  return (await subscriber.expectOk<{ received: number }>("GET", "/cross/received")).received;
}

/** HTTP clients to the two services of the link, and the CPU their processes used so far. */
interface LinkedHosts {
  publisher: HttpClient;
  subscriber: HttpClient;
  enginesCpuMs(): number;
}

/**
 * Runs `measure` against two engine processes linked as services of one app, each on its own
 * fresh store: the subscriber starts first, so the publisher can be told its URL. Stops both
 * (publisher first, so nothing pushes to a stopped service) and removes their stores after.
 */
async function withLinkedHosts<T>(
  context: ScenarioContext,
  measure: (hosts: LinkedHosts) => Promise<T>,
): Promise<T> {
  const link = ["--app-secret", randomBytes(32).toString("hex")];
  const stores: FreshStore[] = [];
  const hosts: ServerProcess[] = [];
  const clients: HttpClient[] = [];
  const startHost = async (args: string[]) => {
    const store = await context.store.fresh();
    stores.push(store);
    const host = await startServer("host.ts", [...store.hostArgs, ...args], hostFlags(context));
    hosts.unshift(host); // stopped in reverse order of starting
    return host;
  };
  try {
    const subscriber = await startHost(["--link", "subscriber", ...link]);
    const toSubscriber = ["--subscriber-url", subscriber.url];
    const publisher = await startHost(["--link", "publisher", ...link, ...toSubscriber]);
    clients.push(new HttpClient(publisher.url, publishConcurrency, 20_000));
    clients.push(new HttpClient(subscriber.url, 1, 20_000));
    const enginesCpuMs = await enginesCpu(context, [publisher.pid, subscriber.pid]);
    return await measure({ publisher: clients[0]!, subscriber: clients[1]!, enginesCpuMs });
  } finally {
    for (const client of clients) client.close();
    for (const host of hosts) await host.stop(10_000);
    for (const store of stores) await store.dispose();
  }
}
