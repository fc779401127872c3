import { formatDuration } from "../components/format.js";
import { executionPath } from "../components/paths.js";
import type { Span, Timeline as TimelineData } from "./timeline-model.js";

const ticks = [0, 0.25, 0.5, 0.75, 1];

/**
 * The execution as a Gantt chart: a row per activity, timer, child, signal and publish, its spans
 * placed by time, and the logs as marks on a lane of their own. Every bar carries its meaning as
 * text (title and label), so nothing is told by colour alone.
 */
export function Timeline({ timeline }: { timeline: TimelineData }) {
  const length = Math.max(timeline.end - timeline.start, 1);
  const place = (at: number) => ((at - timeline.start) / length) * 100;
  return (
    <figure class="timeline" aria-label="Timeline">
      <div class="timeline-axis" aria-hidden="true">
        <span />
        <div class="timeline-track">
          {ticks.map((tick) => (
            <span key={tick} class="timeline-tick" style={{ left: `${tick * 100}%` }}>
              {formatDuration(tick * length)}
            </span>
          ))}
        </div>
      </div>
      <ul class="timeline-rows">
        {timeline.rows.map((row) => (
          <li key={row.key} class="timeline-row" data-kind={row.kind}>
            <span class="timeline-label" title={row.label}>
              {row.executionId ? (
                <a href={executionPath(row.executionId)}>{row.label}</a>
              ) : (
                row.label
              )}
            </span>
            <div class="timeline-track">
              {row.spans.map((span, index) => (
                <Bar key={index} span={span} left={place(span.start)} right={place(span.end)} />
              ))}
            </div>
          </li>
        ))}
        {timeline.logs.length > 0 && (
          <li class="timeline-row" data-kind="logs">
            <span class="timeline-label">logs</span>
            <div class="timeline-track">
              {timeline.logs.map((log, index) => (
                <span
                  key={index}
                  class={`timeline-log log-${log.level}`}
                  style={{ left: `${place(log.at)}%` }}
                  title={`${log.source} ${log.level}: ${log.message}`}
                />
              ))}
            </div>
          </li>
        )}
      </ul>
    </figure>
  );
}

function Bar({ span, left, right }: { span: Span; left: number; right: number }) {
  const instant = span.end === span.start;
  const title = `${span.title} (${formatDuration(span.end - span.start)})`;
  return (
    <span
      class={`bar bar-${span.state}${span.open ? " bar-open" : ""}${instant ? " bar-instant" : ""}`}
      style={{ left: `${left}%`, width: instant ? undefined : `${Math.max(right - left, 0.4)}%` }}
      title={title}
      role="img"
      aria-label={title}
      data-state={span.state}
    />
  );
}
