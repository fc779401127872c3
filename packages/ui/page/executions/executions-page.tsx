import type { Execution, ExecutionPage } from "@eventual/core";
import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { useConnection } from "../api/connection.js";
import { useService } from "../api/service.js";
import { useLive } from "../api/use-live.js";
import { useLoad } from "../api/use-load.js";
import { LoadError } from "../components/alert.js";
import { executionDuration, formatTime } from "../components/format.js";
import { dashboardBase, executionPath } from "../components/paths.js";
import { StatusBadge, statuses, statusWord } from "../components/status.js";
import { Table } from "../components/table.js";
import { ExecutionSearch } from "./execution-search.js";
import { StartDialog } from "./start-dialog.js";

const pageSize = 50;

/**
 * Every execution, newest first, a page at a time, filtered by workflow and status (kept in the
 * URL, so a filtered view can be shared). The page shown refreshes when one of its executions
 * changes, or, on the first page, when a new one starts.
 */
export function ExecutionsPage() {
  const service = useService().data;
  const { client } = useConnection();
  const location = useLocation();
  const workflow = location.query.workflow || undefined;
  const status = (location.query.status || undefined) as Execution["status"] | undefined;
  // The tokens of the pages before this one, so "Newer" goes back without asking the service.
  const [tokens, setTokens] = useState<(string | undefined)[]>([undefined]);
  const token = tokens.at(-1);
  const [starting, setStarting] = useState(false);
  const page = useLoad<ExecutionPage>(
    () =>
      client.listExecutions({
        ...(workflow ? { workflow } : {}),
        ...(status ? { status } : {}),
        limit: pageSize,
        order: "desc",
        ...(token ? { nextToken: token } : {}),
      }),
    [workflow, status, token],
  );
  const shown = page.data?.executions ?? [];
  useLive(page.reload, (ids) => {
    if (shown.some((execution) => ids.has(execution.id))) return true;
    return token === undefined && [...ids].some((id) => matches(id, workflow));
  });
  const filter = (name: "workflow" | "status", value: string) => {
    const query = new URLSearchParams(location.query);
    if (value) query.set(name, value);
    else query.delete(name);
    setTokens([undefined]);
    const search = query.toString();
    location.route(`${dashboardBase}/${search ? `?${search}` : ""}`, true);
  };
  return (
    <section aria-labelledby="executions-title">
      <div class="page-head">
        <h1 id="executions-title">Executions</h1>
        <button type="button" class="primary" onClick={() => setStarting(true)}>
          Start workflow
        </button>
      </div>
      <div class="toolbar">
        <label>
          Workflow
          <select
            value={workflow ?? ""}
            onChange={(e) => filter("workflow", e.currentTarget.value)}
          >
            <option value="">all</option>
            {service?.workflows.map((w) => (
              <option key={w.name} value={w.name}>
                {w.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select value={status ?? ""} onChange={(e) => filter("status", e.currentTarget.value)}>
            <option value="">all</option>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {statusWord[s]}
              </option>
            ))}
          </select>
        </label>
        <ExecutionSearch workflows={service?.workflows.map((w) => w.name) ?? []} />
      </div>
      <LoadError error={page.error} />
      <Table
        class="executions"
        columns={[
          "Execution",
          "Workflow",
          "Status",
          "Started",
          { label: "Ended", class: "wide-only" },
          "Duration",
        ]}
      >
        {shown.map((execution) => (
          <tr key={execution.id} data-status={execution.status}>
            <td>
              <a href={executionPath(execution.id)}>{executionName(execution.id)}</a>
            </td>
            <td>{execution.workflowName}</td>
            <td>
              <StatusBadge execution={execution} />
            </td>
            <td>{formatTime(execution.startTime)}</td>
            <td class="wide-only">{formatTime(execution.endTime)}</td>
            <td>{executionDuration(execution.startTime, execution.endTime)}</td>
          </tr>
        ))}
      </Table>
      {page.data && shown.length === 0 && <p class="empty">No executions match.</p>}
      <nav class="pager" aria-label="Pages">
        <button
          type="button"
          disabled={tokens.length === 1}
          onClick={() => setTokens((t) => t.slice(0, -1))}
        >
          ← Newer
        </button>
        <span>Page {tokens.length}</span>
        <button
          type="button"
          disabled={!page.data?.nextToken}
          onClick={() => setTokens((t) => [...t, page.data?.nextToken])}
        >
          Older →
        </button>
      </nav>
      {starting && (
        <StartDialog
          workflows={service?.workflows.map((w) => w.name) ?? []}
          {...(workflow ? { workflow } : {})}
          onClose={() => setStarting(false)}
          onStarted={(id) => location.route(executionPath(id))}
        />
      )}
    </section>
  );
}

/** The part of an id a person chose or can tell apart: `transfer~t-42` shows as `t-42`. */
function executionName(id: string): string {
  return id.slice(id.indexOf("~") + 1);
}

/** Whether an execution id belongs to the workflow filter (ids start `workflow~`). */
function matches(id: string, workflow: string | undefined): boolean {
  return workflow === undefined || id.startsWith(`${workflow}~`);
}
