import type { HistoryEntry, LogLine } from "@eventual/core";
import { Stack } from "../components/stack.js";

type Line =
  | { kind: "event"; at: number; entry: HistoryEntry }
  | { kind: "log"; at: number; log: LogLine };

/** The history event by event, with the execution's log lines placed among them by time. */
export function HistoryList({ history, logs }: { history: HistoryEntry[]; logs: LogLine[] }) {
  const lines: Line[] = [
    ...history.map((entry) => ({ kind: "event" as const, at: Date.parse(entry.timestamp), entry })),
    ...logs.map((log) => ({ kind: "log" as const, at: Date.parse(log.time), log })),
  ];
  // A stable sort keeps history's own order among events of the same millisecond.
  lines.sort((a, b) => a.at - b.at);
  const start = lines[0]?.at ?? 0;
  return (
    <ol class="history">
      {lines.map((line, index) => (
        <li
          key={index}
          class={line.kind === "log" ? `history-log log-${line.log.level}` : "history-event"}
        >
          <span class="history-time">+{line.at - start} ms</span>
          {line.kind === "event" ? <EventLine entry={line.entry} /> : <LogText log={line.log} />}
        </li>
      ))}
    </ol>
  );
}

function EventLine({ entry }: { entry: HistoryEntry }) {
  const { type, timestamp: _timestamp, seq, stack, ...rest } = entry;
  const detail = Object.keys(rest).length > 0 ? JSON.stringify(rest) : "";
  return (
    <>
      <strong class="history-type">{type}</strong>
      {seq !== undefined && <span class="history-seq">#{seq}</span>}
      {detail && <code class="history-detail">{detail}</code>}
      {typeof stack === "string" && <Stack stack={stack} />}
    </>
  );
}

function LogText({ log }: { log: LogLine }) {
  return (
    <>
      <strong class="history-type">
        {log.level} · {log.source}
      </strong>
      <code class="history-detail">{log.message}</code>
    </>
  );
}
