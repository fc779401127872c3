import type { Colors } from "../output/colors.js";
import { renderTable } from "../output/table.js";
import type { CheckReport } from "./run-check.js";

/**
 * A check's report for people: the diverging executions as a table (id, workflow, first
 * divergence), then one summary line. `colors` are those of the stream it goes to.
 */
export function renderCheckReport(report: CheckReport, colors: Colors): string {
  const summary = summaryLine(report, colors);
  if (report.diverging.length === 0) return summary;
  const rows = report.diverging.map((execution) => [
    execution.executionId,
    execution.workflowName,
    oneLine(execution.divergence.message),
  ]);
  return `${renderTable(["id", "workflow", "divergence"], rows)}\n${summary}`;
}

/** A check's report for programs, as `--json` prints it. */
export function checkJson(report: CheckReport): unknown {
  return {
    checked: report.checked,
    diverging: report.diverging.map(({ executionId, workflowName, divergence }) => ({
      executionId,
      workflowName,
      divergence: { name: divergence.name, message: divergence.message },
    })),
  };
}

/** Why a failed check exits 1, naming the code it checked. */
export function checkFailure(report: CheckReport, entry: string): string {
  const diverging = report.diverging.length;
  return `${diverging} of ${plural(report.checked, "execution")} would diverge from the code at ${entry}.`;
}

function summaryLine(report: CheckReport, colors: Colors): string {
  const scope = `checked ${plural(report.checked, "execution")} of ${plural(report.workflows, "workflow")}`;
  const diverging = report.diverging.length;
  return diverging === 0
    ? `${scope}: ${colors.green("none would diverge")}`
    : `${scope}: ${colors.red(`${diverging} would diverge`)}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** A table row stays one line, whatever the message holds. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ");
}
