import type { Execution, HistoryEntry } from "@eventual/core";
import { describe, expect, it } from "vitest";
import { buildTimeline } from "./timeline-model.js";

const t0 = Date.parse("2026-12-01T10:00:00.000Z");
const at = (ms: number) => new Date(t0 + ms).toISOString();

const running: Execution = {
  id: "placeOrder~o-1",
  workflowName: "placeOrder",
  status: "IN_PROGRESS",
  input: {},
  startTime: at(0),
};

describe("buildTimeline", () => {
  it("gives an activity a span per attempt, with the backoff between them", () => {
    const history: HistoryEntry[] = [
      { type: "ActivityScheduled", timestamp: at(0), seq: 0, name: "charge", args: [] },
      {
        type: "ActivityRetrying",
        timestamp: at(100),
        seq: 0,
        attempt: 1,
        error: { name: "Error", message: "declined" },
        retryDelay: 0.5,
      },
      {
        type: "ActivityRetrying",
        timestamp: at(700),
        seq: 0,
        attempt: 2,
        error: { name: "HeartbeatTimeout", message: "no heartbeat" },
        retryDelay: 1,
      },
      { type: "ActivitySucceeded", timestamp: at(1800), seq: 0, result: 1 },
    ];
    const row = buildTimeline(running, history, [], t0 + 2_000).rows[1]!;
    expect(row.label).toBe("charge ×3");
    expect(row.spans.map(({ start, end, state }) => [start - t0, end - t0, state])).toEqual([
      [0, 100, "failed"],
      [100, 600, "backoff"],
      [600, 700, "timed-out"],
      [700, 1700, "backoff"],
      [1700, 1800, "succeeded"],
    ]);
    expect(row.spans[2]!.title).toContain("stopped heartbeating");
  });

  it("leaves what has not settled open until now, and ends a wait due later at the chart's edge", () => {
    const history: HistoryEntry[] = [
      { type: "ActivityScheduled", timestamp: at(0), seq: 0, name: "reserve", args: [] },
      { type: "TimerScheduled", timestamp: at(10), seq: 1, untilTime: at(600_000) },
    ];
    const timeline = buildTimeline(running, history, [], t0 + 5_000);
    expect(timeline.end - t0).toBe(5_000);
    const [workflow, activity, timer] = timeline.rows;
    expect(workflow!.spans[0]).toMatchObject({ state: "running", open: true });
    expect(activity!.spans[0]).toMatchObject({ end: t0 + 5_000, state: "running", open: true });
    expect(timer!.spans[0]).toMatchObject({ end: t0 + 5_000, state: "waiting", open: true });
    expect(timer!.spans[0]!.title).toContain(`due ${at(600_000)}`);
  });

  it("marks signals, publishes and children, and places the logs", () => {
    const ended: Execution = { ...running, status: "SUCCEEDED", endTime: at(900) };
    const history: HistoryEntry[] = [
      {
        type: "ChildWorkflowScheduled",
        timestamp: at(0),
        seq: 0,
        name: "ship",
        executionId: "placeOrder~o-1~0",
        input: null,
      },
      {
        type: "ChildWorkflowFailed",
        timestamp: at(300),
        seq: 0,
        error: { name: "E", message: "m" },
      },
      { type: "SignalReceived", timestamp: at(400), signal: "decision", payload: {} },
      {
        type: "EventsPublished",
        timestamp: at(500),
        seq: 1,
        events: [{ name: "Shipped", event: 1 }],
      },
    ];
    const logs = [{ time: at(450), level: "warn" as const, source: "workflow", message: "hm" }];
    const timeline = buildTimeline(ended, history, logs, t0 + 60_000);
    expect(timeline.end - t0).toBe(900);
    // A subscriber's line after the end widens the chart to hold it.
    expect(buildTimeline(ended, history, [{ ...logs[0]!, time: at(950) }], t0).end - t0).toBe(950);
    expect(timeline.rows.map((row) => [row.kind, row.label])).toEqual([
      ["workflow", "placeOrder"],
      ["child", "child ship"],
      ["signal", "signal decision received"],
      ["event", "published Shipped"],
    ]);
    expect(timeline.rows[1]).toMatchObject({ executionId: "placeOrder~o-1~0" });
    expect(timeline.rows[1]!.spans[0]).toMatchObject({ state: "failed", title: "failed: E: m" });
    expect(timeline.rows[2]!.spans[0]).toMatchObject({ start: t0 + 400, end: t0 + 400 });
    expect(timeline.logs).toEqual([
      { at: t0 + 450, level: "warn", source: "workflow", message: "hm" },
    ]);
  });

  it("closes what an ended execution never reached", () => {
    const cancelled: Execution = { ...running, status: "CANCELLED", endTime: at(300) };
    const history: HistoryEntry[] = [
      { type: "ActivityScheduled", timestamp: at(0), seq: 0, name: "charge", args: [] },
      { type: "TimerScheduled", timestamp: at(10), seq: 1, untilTime: at(600_000) },
      { type: "WorkflowCancelRequested", timestamp: at(300) },
    ];
    const [, activity, timer] = buildTimeline(cancelled, history, [], t0 + 9_000).rows;
    for (const row of [activity!, timer!]) {
      expect(row.spans[0]).toMatchObject({ end: t0 + 300, state: "cancelled", open: false });
    }
  });
});
