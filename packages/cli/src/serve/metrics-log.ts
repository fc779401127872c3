import type { Engine } from "@eventual/engine";
import type { Logger } from "pino";

/** What a node did in one interval, as its `metrics` log line says. */
export interface NodeMetrics {
  started: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  /** Workflow steps committed. */
  steps: number;
  activities: number;
  deliveries: number;
  /** The median and 99th percentile of the steps' durations, from start to commit (ms). */
  stepP50Ms: number;
  stepP99Ms: number;
}

/** How many step durations an interval keeps for its percentiles: the latest ones. */
const keptDurations = 10_000;

type Counts = Omit<NodeMetrics, "stepP50Ms" | "stepP99Ms">;

const empty = (): Counts => ({
  started: 0,
  succeeded: 0,
  failed: 0,
  cancelled: 0,
  steps: 0,
  activities: 0,
  deliveries: 0,
});

/**
 * Logs what the node did every `intervalMs` as one JSON line, `{ "msg": "metrics", "started",
 * "succeeded", … }`: counters a log-based metric (a CloudWatch metric filter, a Loki query) turns
 * into graphs without an agent. Returns a function that stops it.
 */
export function logMetrics(engine: Engine, logger: Logger, intervalMs = 60_000): () => void {
  let counts = empty();
  let durations: number[] = [];
  engine.events.on("workflowTask", ({ started, ended, ms }) => {
    if (ms === undefined) return; // a step that was not committed
    counts.steps += 1;
    if (durations.length < keptDurations) durations.push(ms);
    else durations[counts.steps % keptDurations] = ms;
    if (started) counts.started += 1;
    if (ended?.status === "SUCCEEDED") counts.succeeded += 1;
    else if (ended?.status === "FAILED") counts.failed += 1;
    else if (ended?.status === "CANCELLED") counts.cancelled += 1;
  });
  engine.events.on("activityCompleted", () => {
    counts.activities += 1;
  });
  engine.events.on("deliveryCompleted", () => {
    counts.deliveries += 1;
  });
  const timer = setInterval(() => {
    const sorted = durations.sort((a, b) => a - b);
    const at = (quantile: number) =>
      sorted.length === 0 ? 0 : round(sorted[Math.ceil(quantile * sorted.length) - 1]!);
    const metrics: NodeMetrics = { ...counts, stepP50Ms: at(0.5), stepP99Ms: at(0.99) };
    logger.info({ ...metrics, intervalSeconds: intervalMs / 1000 }, "metrics");
    counts = empty();
    durations = [];
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
