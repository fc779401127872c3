import type { Execution, HistoryEntry, LogLine } from "@eventual/core";

/** What a span of a row was doing; each has its own colour. */
export type SpanState =
  | "running"
  | "waiting"
  | "backoff"
  | "succeeded"
  | "failed"
  | "timed-out"
  | "cancelled";

export interface Span {
  start: number;
  end: number;
  state: SpanState;
  /** Still going at `end`, which is now (or, for a timer, when it is due). */
  open: boolean;
  /** One line for the tooltip and for screen readers. */
  title: string;
}

export type RowKind = "workflow" | "activity" | "timer" | "child" | "signal" | "event";

export interface TimelineRow {
  key: string;
  kind: RowKind;
  label: string;
  spans: Span[];
  /** The execution a child row stands for, to link to. */
  executionId?: string;
}

export interface TimelineLog {
  at: number;
  level: LogLine["level"];
  source: string;
  message: string;
}

export interface Timeline {
  start: number;
  end: number;
  rows: TimelineRow[];
  logs: TimelineLog[];
}

/**
 * The Gantt chart of one execution, from its history and logs: one row per activity (a span per
 * attempt, with the backoff between attempts), timer and child workflow, one per signal received
 * or sent and per publish (instants), and the workflow's own row on top. `now` closes what is
 * still open.
 */
export function buildTimeline(
  execution: Execution,
  history: readonly HistoryEntry[],
  logs: readonly LogLine[],
  now: number,
): Timeline {
  const start = Date.parse(execution.startTime);
  const ended = execution.endTime === undefined ? undefined : Date.parse(execution.endTime);
  const rows = new Rows();
  rows.add({
    key: "workflow",
    kind: "workflow",
    label: execution.workflowName,
    spans: [workflowSpan(execution, start, ended ?? now)],
  });
  for (const entry of history) addEntry(rows, entry, ended ?? now);
  const timeline: Timeline = {
    start,
    end: ended ?? now,
    rows: rows.list(),
    logs: logs.map((log) => ({
      at: Date.parse(log.time),
      level: log.level,
      source: log.source,
      message: log.message,
    })),
  };
  // A subscriber's lines can come after the execution ended.
  for (const log of timeline.logs) timeline.end = Math.max(timeline.end, log.at);
  for (const row of timeline.rows) {
    for (const span of row.spans) {
      if (span.open && ended !== undefined) abandon(span, ended);
      // A wait due after now (a timer, a signal's timeout) would stretch the chart to its due
      // time and squash what happened: it ends at the chart's edge, and says when it is due.
      if (span.end > timeline.end) {
        span.title = `${span.title}, due ${new Date(span.end).toISOString()}`;
        span.end = timeline.end;
      }
    }
  }
  return timeline;
}

/**
 * What was still open when the execution ended was never reached: a signal's timeout once the
 * signal came, an activity the execution was cancelled during.
 */
function abandon(span: Span, ended: number): void {
  Object.assign(span, {
    end: Math.min(span.end, ended),
    state: "cancelled",
    open: false,
    title: `${span.title}, not reached: the execution ended`,
  });
}

function workflowSpan(execution: Execution, start: number, end: number): Span {
  const state = workflowStates[execution.status];
  const error = execution.error ? `: ${execution.error.name}: ${execution.error.message}` : "";
  return {
    start,
    end,
    state,
    open: execution.status === "IN_PROGRESS",
    title: `${execution.workflowName} ${execution.status.toLowerCase().replace("_", " ")}${error}`,
  };
}

const workflowStates: Record<Execution["status"], SpanState> = {
  IN_PROGRESS: "running",
  SUCCEEDED: "succeeded",
  FAILED: "failed",
  CANCELLED: "cancelled",
};

/** Rows by key, in the order first seen. */
class Rows {
  readonly #rows = new Map<string, TimelineRow>();

  add(row: TimelineRow): void {
    this.#rows.set(row.key, row);
  }

  get(key: string): TimelineRow | undefined {
    return this.#rows.get(key);
  }

  list(): TimelineRow[] {
    return [...this.#rows.values()];
  }
}

function addEntry(rows: Rows, entry: HistoryEntry, now: number): void {
  const at = Date.parse(entry.timestamp);
  const seq = entry.seq;
  const field = (name: string) => entry[name];
  switch (entry.type) {
    case "ActivityScheduled":
      rows.add({
        key: `seq-${seq}`,
        kind: "activity",
        label: String(field("name")),
        spans: [{ start: at, end: now, state: "running", open: true, title: "running" }],
      });
      return;
    case "ActivityRetrying":
      retryActivity(rows.get(`seq-${seq}`), entry, at, now);
      return;
    case "ActivitySucceeded":
    case "ActivityFailed":
    case "ActivityTimedOut":
      settle(rows.get(`seq-${seq}`), at, settledStates[entry.type]!, errorOf(entry));
      return;
    case "TimerScheduled": {
      const due = Date.parse(String(field("untilTime")));
      rows.add({
        key: `seq-${seq}`,
        kind: "timer",
        label: "timer",
        spans: [{ start: at, end: due, state: "waiting", open: true, title: "waiting" }],
      });
      return;
    }
    case "TimerCompleted":
      settle(rows.get(`seq-${seq}`), at, "succeeded", undefined, "fired");
      return;
    case "ChildWorkflowScheduled":
      rows.add({
        key: `seq-${seq}`,
        kind: "child",
        label: `child ${String(field("name"))}`,
        executionId: String(field("executionId")),
        spans: [{ start: at, end: now, state: "running", open: true, title: "running" }],
      });
      return;
    case "ChildWorkflowSucceeded":
    case "ChildWorkflowFailed":
      settle(rows.get(`seq-${seq}`), at, settledStates[entry.type]!, errorOf(entry));
      return;
    case "SignalReceived":
      addInstant(rows, entry, "signal", `signal ${String(field("signal"))} received`);
      return;
    case "SignalSent":
      addInstant(
        rows,
        entry,
        "signal",
        `signal ${String(field("signal"))} sent to ${String(field("executionId"))}`,
      );
      return;
    case "EventsPublished": {
      const names = (field("events") as { name: string }[]).map((e) => e.name);
      addInstant(rows, entry, "event", `published ${names.join(", ")}`);
      return;
    }
    case "WorkflowCancelRequested":
      addInstant(rows, entry, "signal", "cancel requested");
      return;
  }
}

const settledStates: Partial<Record<string, SpanState>> = {
  ActivitySucceeded: "succeeded",
  ActivityFailed: "failed",
  ActivityTimedOut: "timed-out",
  ChildWorkflowSucceeded: "succeeded",
  ChildWorkflowFailed: "failed",
};

/** Ends a row's open span: the attempt (or wait) it stands for is over. */
function settle(
  row: TimelineRow | undefined,
  at: number,
  state: SpanState,
  error: string | undefined,
  word: string = state,
): void {
  const span = row?.spans.at(-1);
  if (!span) return;
  Object.assign(span, { end: at, state, open: false, title: error ? `${word}: ${error}` : word });
  if (row && row.spans.length > 1)
    row.label = `${row.label.replace(/ ×\d+$/, "")} ×${attempts(row)}`;
}

/** A failed attempt: closes it and opens the backoff before the next one, then the next one. */
function retryActivity(
  row: TimelineRow | undefined,
  entry: HistoryEntry,
  at: number,
  now: number,
): void {
  const span = row?.spans.at(-1);
  if (!row || !span) return;
  const error = errorOf(entry) ?? "failed";
  const timedOut = error.startsWith("HeartbeatTimeout");
  Object.assign(span, {
    end: at,
    state: timedOut ? "timed-out" : "failed",
    open: false,
    title: `attempt ${String(entry.attempt)} ${timedOut ? "stopped heartbeating" : "failed"}: ${error}`,
  });
  const retryAt = at + Number(entry.retryDelay ?? 0) * 1000;
  row.spans.push(
    { start: at, end: retryAt, state: "backoff", open: false, title: "waiting to retry" },
    { start: retryAt, end: Math.max(retryAt, now), state: "running", open: true, title: "running" },
  );
  row.label = `${row.label.replace(/ ×\d+$/, "")} ×${attempts(row)}`;
}

function attempts(row: TimelineRow): number {
  return row.spans.filter((span) => span.state !== "backoff").length;
}

function addInstant(rows: Rows, entry: HistoryEntry, kind: RowKind, label: string): void {
  const at = Date.parse(entry.timestamp);
  const key = `${entry.type}-${entry.seq ?? ""}-${entry.timestamp}-${rows.list().length}`;
  rows.add({
    key,
    kind,
    label,
    spans: [{ start: at, end: at, state: "succeeded", open: false, title: label }],
  });
}

function errorOf(entry: HistoryEntry): string | undefined {
  const error = entry.error as { name?: string; message?: string } | undefined;
  return error ? `${error.name}: ${error.message}` : undefined;
}
