import { forEachConcurrently } from "../lib/load.js";
import type { Scenario } from "../lib/scenario.js";
import { waitUntil, withHost } from "../lib/scenario.js";
import { round2, since } from "../lib/stats.js";

const events = 10_000;
const batch = 100;
const subscribers = 3;
const publishConcurrency = 10;

/**
 * `events`: 10,000 events published over the control API in batches of 100, each delivered to
 * three subscribers that count in the engine process; timed from the first publish until every
 * delivery has been counted. Deliveries are durable (stored with the publish, claimed, retried).
 */
export const eventsScenario: Scenario = {
  key: "events",
  what: `${events.toLocaleString("en")} events, ${subscribers} subscribers each; publish to last delivery`,
  run: (context) =>
    withHost(
      context,
      { sockets: publishConcurrency, requestTimeoutMs: 20_000 },
      async ({ http, engineCpuMs }) => {
        const expected = events * subscribers;
        const cpuBefore = engineCpuMs();
        const started = performance.now();
        await forEachConcurrently(events / batch, publishConcurrency, async (b) => {
          const records = Array.from({ length: batch }, (_, i) => ({
            name: "tick",
            event: { n: b * batch + i },
          }));
          await http.expectOk("POST", "/_eventual/events", { events: records });
        });
        const publishMs = since(started);
        let deliveries = 0;
        await waitUntil(
          `${expected} deliveries`,
          async () => {
            ({ deliveries } = await http.expectOk<{ deliveries: number }>("GET", "/deliveries"));
            return deliveries >= expected;
          },
          { timeoutMs: 60_000, intervalMs: 20 },
        );
        const seconds = since(started) / 1000;
        return {
          deliveries_per_s: round2(expected / seconds),
          cpu_ms_per_delivery: round2((engineCpuMs() - cpuBefore) / expected),
          deliveries,
          publish_ms: round2(publishMs),
        };
      },
    ),
};
