import type { Execution, HistoryEntry, LogLine, SerializedError } from "@eventual/core";
import { useEffect, useState } from "preact/hooks";
import { useConnection } from "../api/connection.js";
import { useService } from "../api/service.js";
import { useLive } from "../api/use-live.js";
import { useLoad } from "../api/use-load.js";
import { LoadError } from "../components/alert.js";
import { executionDuration, formatJson, formatTime } from "../components/format.js";
import { executionPath } from "../components/paths.js";
import { Stack } from "../components/stack.js";
import { StatusBadge } from "../components/status.js";
import { ExecutionActions } from "./execution-actions.js";
import { HistoryList } from "./history-list.js";
import { Timeline } from "./timeline.js";
import { buildTimeline } from "./timeline-model.js";

interface ExecutionView {
  execution: Execution;
  history: HistoryEntry[];
  logs: LogLine[];
}

/** One execution: what it is, what it did (timeline, history, logs), and what can be done to it. */
export function ExecutionPage({ id }: { id: string }) {
  const { client } = useConnection();
  const service = useService().data;
  const view = useLoad<ExecutionView>(async () => {
    const [execution, history, logs] = await Promise.all([
      client.getExecution(id),
      client.getHistory(id),
      client.getLogs(id),
    ]);
    return { execution, history, logs };
  }, [id]);
  const running = view.data?.execution.status === "IN_PROGRESS";
  useLive(view.reload, (ids) => ids.has(id), running ? 5_000 : 60_000);
  const now = useNow(running);
  if (!view.data) {
    return view.error === undefined ? (
      <p aria-busy="true">Loading {id}…</p>
    ) : (
      <LoadError error={view.error} />
    );
  }
  const { execution, history, logs } = view.data;
  const children = history.filter((entry) => entry.type === "ChildWorkflowScheduled");
  return (
    <article aria-labelledby="execution-title">
      <div class="page-head">
        <h1 id="execution-title" class="execution-id">
          {execution.id}
        </h1>
        <StatusBadge execution={execution} />
      </div>
      <ExecutionActions
        execution={execution}
        signals={service?.signals.map((s) => s.name) ?? []}
        onDone={view.reload}
      />
      <dl class="facts">
        <dt>Workflow</dt>
        <dd>{execution.workflowName}</dd>
        <dt>Started</dt>
        <dd>{formatTime(execution.startTime)}</dd>
        <dt>Ended</dt>
        <dd>{formatTime(execution.endTime)}</dd>
        <dt>Duration</dt>
        <dd>{executionDuration(execution.startTime, execution.endTime)}</dd>
        {execution.parentId && (
          <>
            <dt>Parent</dt>
            <dd>
              <a href={executionPath(execution.parentId)}>{execution.parentId}</a>
            </dd>
          </>
        )}
        {children.length > 0 && (
          <>
            <dt>Children</dt>
            <dd>
              <ul class="inline-list">
                {children.map((child) => (
                  <li key={String(child.executionId)}>
                    <a href={executionPath(String(child.executionId))}>
                      {String(child.executionId)}
                    </a>
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
        {execution.version && (
          <>
            <dt>Version</dt>
            <dd>
              <code>{execution.version}</code>
            </dd>
          </>
        )}
      </dl>
      <div class="values">
        <Value title="Input" value={execution.input} />
        {execution.status === "SUCCEEDED" && <Value title="Result" value={execution.result} />}
        {execution.error && (
          <ErrorValue
            title="Error"
            error={execution.error}
            stack={failureStack(history, execution.error)}
          />
        )}
        {execution.held && <ErrorValue title="Held by" error={execution.held} />}
      </div>
      <h2>Timeline</h2>
      <Timeline timeline={buildTimeline(execution, history, logs, now)} />
      <h2>History</h2>
      <HistoryList history={history} logs={logs} />
    </article>
  );
}

function Value({ title, value }: { title: string; value: unknown }) {
  return (
    <section class="value">
      <h2>{title}</h2>
      <pre>{formatJson(value)}</pre>
    </section>
  );
}

function ErrorValue(props: { title: string; error: SerializedError; stack?: string }) {
  return (
    <section class="value value-error">
      <h2>{props.title}</h2>
      <pre>
        <strong>{props.error.name}</strong>: {props.error.message}
      </pre>
      {props.stack !== undefined && <Stack stack={props.stack} />}
    </section>
  );
}

/**
 * Where the error the execution failed with was thrown, as history keeps it: the workflow's own
 * line, or, when the workflow rethrew what an activity threw, the activity's.
 */
function failureStack(history: HistoryEntry[], error: SerializedError): string | undefined {
  const ended = history.findLast((entry) => entry.type === "WorkflowFailed");
  if (typeof ended?.stack === "string") return ended.stack;
  const failure = history.findLast((entry) => {
    const failed = entry.error as SerializedError | undefined;
    return (
      entry.type === "ActivityFailed" &&
      failed?.name === error.name &&
      failed.message === error.message
    );
  });
  return typeof failure?.stack === "string" ? failure.stack : undefined;
}

/** The time, ticking each second while `live`, so open bars grow while nothing is fetched. */
function useNow(live: boolean): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [live]);
  return live ? now : Date.now();
}
