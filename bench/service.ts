import { activity, api, event, signal, sleepFor, workflow } from "@eventual/core";

/**
 * The service the benchmark runs: one small declaration per scenario, served by bench/host.ts in
 * its own process exactly as `eventual dev` would serve a user's module.
 */

/** A step that does next to nothing, so a workflow's cost is the engine's cost. */
export const step = activity("step", (n: number) => n + 1);

/** `sequential3` and `latency1`: three sequential activities returning small values. */
export const seq3 = workflow("seq3", async (n: number) => {
  const a = await step(n);
  const b = await step(a);
  return step(b);
});

/** `chain10`: ten sequential activities. */
export const chain10 = workflow("chain10", async (n: number) => {
  let value = n;
  for (let i = 0; i < 10; i++) value = await step(value);
  return value;
});

/** `fanout100`: one hundred activities at once. */
export const fanout100 = workflow("fanout100", async () => {
  const results = await Promise.all(Array.from({ length: 100 }, (_, i) => step(i)));
  return results.length;
});

/**
 * How late a timer woke its workflow, in real milliseconds. It runs as an activity because
 * inside workflow code `Date.now()` is the time of the event being replayed, not the clock.
 */
export const wakeLag = activity("wakeLag", (due: number) => Date.now() - due);

/** `timers10k`: sleeps one second and returns how late it woke. */
export const sleeper = workflow("sleeper", async () => {
  const due = Date.now() + 1000;
  await sleepFor(1);
  return wakeLag(due);
});

/** The signal `waiter` waits for; the benchmark sends it to a few of them. */
export const wake = signal("wake");

/** `suspended100k`: waits on a signal, holding no timer. */
export const waiter = workflow("waiter", async () => {
  await wake.expectSignal();
});

/** `events`: an event with three subscribers that count what they are delivered. */
export const tick = event<{ n: number }>("tick");

let deliveries = 0;
const countDelivery = () => {
  deliveries++;
};
tick.onEvent("countA", countDelivery);
tick.onEvent("countB", countDelivery);
tick.onEvent("countC", countDelivery);

/** How many deliveries the subscribers of `tick` have seen in this process. */
api.get("/deliveries", () => ({ deliveries }));

/**
 * `crossService`: an event one service publishes and another, in its own process, subscribes to
 * (bench/host.ts `--link`). Only the subscribing process declares the subscriber, as
 * `crossServiceSide` says, so the publishing process pushes every event and counts none itself.
 */
export const crossTick = event<{ n: number; publishedAt: number }>("crossTick");

/** Which side of the `crossService` link this process is, set by bench/host.ts before loading. */
const crossServiceSide = process.env.EVENTUAL_BENCH_LINK;

/** Publish-to-handler latency of each `crossTick` received, by the machine's one clock. */
const crossLatencies: number[] = [];
if (crossServiceSide === "subscriber") {
  crossTick.onEvent("crossCount", ({ publishedAt }) => {
    crossLatencies.push(Date.now() - publishedAt);
  });
}

/** How many `crossTick` events the subscriber has run for; with their latencies when asked. */
api.get("/cross/received", () => ({ received: crossLatencies.length }));
api.get("/cross/latencies", () => ({ latencies: crossLatencies }));

/** `api`: the smallest JSON route, measured against a raw node:http server. */
api.get("/hello", () => ({ hello: "world" }));
