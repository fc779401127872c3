import { Writable } from "node:stream";
import { activity, workflow } from "@eventual/core";
import { Engine, MemoryStore } from "@eventual/engine";
import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { logMetrics } from "./metrics-log.js";

const double = activity("metrics.double", (n: number) => n * 2);
const doubleTwice = workflow("metrics.doubleTwice", async (n: number) => double(await double(n)));
const fails = workflow("metrics.fails", async () => {
  throw new Error("no");
});

describe("the metrics log line", () => {
  it("counts what the node did in each interval, with the steps' latency", async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    });
    const engine = new Engine({ store: new MemoryStore(), echoLogs: false });
    const stop = logMetrics(engine, pino(sink), 100);
    try {
      for (const n of [1, 2]) {
        await engine.startExecution({ workflow: doubleTwice.workflowName, input: n });
      }
      await engine.startExecution({ workflow: fails.workflowName });
      await engine.drain();
      const deadline = Date.now() + 10_000;
      while (!lines.some((line) => line.msg === "metrics") && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      stop();
    }
    const [first] = lines.filter((line) => line.msg === "metrics");
    expect(first).toMatchObject({
      started: 3,
      succeeded: 2,
      failed: 1,
      cancelled: 0,
      // Three steps for each doubling (start, two activities' results), one for the failure.
      steps: 7,
      activities: 4,
      intervalSeconds: 0.1,
    });
    expect(first!.stepP50Ms).toBeGreaterThan(0);
    expect(first!.stepP99Ms).toBeGreaterThanOrEqual(first!.stepP50Ms as number);
  });
});
