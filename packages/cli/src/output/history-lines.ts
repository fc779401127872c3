import type { HistoryEntry, SerializedError } from "@eventual/core";
import { out } from "./colors.js";
import { formatDuration, formatError, formatTime, inlineJson } from "./format.js";

/** One history event, taken apart for a table row or a progress line. */
export interface DescribedEvent {
  seq: string;
  /** Time since the execution started: `+1.2s`. */
  offset: string;
  type: string;
  details: string;
}

/**
 * Describes history events in order. It remembers what each `seq` scheduled, so a completion
 * names the activity, timer or child it completes; feed it every event once, in order.
 */
export class HistoryDescriber {
  readonly #scheduled = new Map<number, string>();
  #start?: number;

  /** The event's seq, time since the first event, type, and what it did in a few words. */
  describe(event: HistoryEntry): DescribedEvent {
    const time = Date.parse(event.timestamp);
    this.#start ??= time;
    const seq = typeof event.seq === "number" ? event.seq : undefined;
    const details = this.#details(event, seq);
    return {
      seq: seq === undefined ? "" : String(seq),
      offset: `+${formatDuration(time - this.#start)}`,
      type: event.type,
      details,
    };
  }

  #details(event: HistoryEntry, seq: number | undefined): string {
    const what = seq === undefined ? undefined : this.#scheduled.get(seq);
    const field = (name: string) => event[name];
    switch (event.type) {
      case "WorkflowStarted": {
        const version = typeof field("version") === "string" ? ` version ${field("version")}` : "";
        return `input ${inlineJson(field("input"))}${version}`;
      }
      case "ActivityScheduled":
        this.#remember(seq, String(field("name")));
        return `${field("name")}(${argsOf(field("args"))})`;
      case "ChildWorkflowScheduled":
        this.#remember(seq, String(field("name")));
        return `${field("name")} ${field("executionId")} input ${inlineJson(field("input"))}`;
      case "TimerScheduled":
        this.#remember(seq, `timer until ${formatTime(String(field("untilTime")))}`);
        return `until ${formatTime(String(field("untilTime")))}`;
      case "ActivitySucceeded":
      case "ChildWorkflowSucceeded":
        return `${what ?? ""} → ${inlineJson(field("result"))}`.trim();
      case "ActivityFailed":
      case "ActivityTimedOut":
      case "ChildWorkflowFailed":
        return `${what ?? ""} ${out.red(formatError(field("error") as SerializedError))}`.trim();
      case "ActivityRetrying":
        return retryDetails(what, event);
      case "TimerCompleted":
        return what ?? "";
      case "SignalReceived":
      case "SignalSent":
        return signalDetails(event);
      case "EventsPublished":
        return eventNames(field("events"));
      case "PatchApplied":
        return String(field("changeId"));
      case "WorkflowSucceeded":
        return `result ${inlineJson(field("result"))}`;
      case "WorkflowFailed":
        return out.red(formatError(field("error") as SerializedError));
      case "WorkflowCancelled":
      case "WorkflowCancelRequested":
        return typeof field("reason") === "string" ? String(field("reason")) : "";
      default:
        return inlineJson(withoutFrame(event));
    }
  }

  #remember(seq: number | undefined, label: string): void {
    if (seq !== undefined) this.#scheduled.set(seq, label);
  }
}

/** A failed attempt that will be retried: which, when the next one starts, and why. */
function retryDetails(what: string | undefined, event: HistoryEntry): string {
  const delay =
    typeof event.retryDelay === "number" ? formatDuration(event.retryDelay * 1000) : "?";
  const error = out.yellow(formatError(event.error as SerializedError));
  return `${what ?? ""} attempt ${event.attempt} failed, retrying in ${delay}: ${error}`.trim();
}

function argsOf(args: unknown): string {
  return Array.isArray(args) ? args.map((arg) => inlineJson(arg, 30)).join(", ") : "";
}

function signalDetails(event: HistoryEntry): string {
  const target = typeof event.executionId === "string" ? ` to ${event.executionId}` : "";
  const payload = event.payload === undefined ? "" : ` ${inlineJson(event.payload)}`;
  return `${event.signal}${target}${payload}`;
}

function eventNames(events: unknown): string {
  if (!Array.isArray(events)) return "";
  return events.map((published: { name?: unknown }) => String(published.name)).join(", ");
}

/** The event's own fields, for event types this version does not know. */
function withoutFrame(event: HistoryEntry): Record<string, unknown> {
  const { type, timestamp, seq, ...rest } = event;
  return rest;
}

/**
 * A history event's type, green for what completed, red for what failed, yellow for a failed
 * attempt that is retried.
 */
export function colourType(type: string): string {
  if (type === "ActivityRetrying") return out.yellow(type);
  if (/Succeeded|Completed|Received$/.test(type)) return out.green(type);
  if (/Failed|TimedOut|Cancel/.test(type)) return out.red(type);
  return type;
}
