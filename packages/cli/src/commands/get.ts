import type { Execution, ServiceDescription } from "@eventual/core";
import { Command } from "commander";
import open from "open";
import { CommandFailure } from "../command-failure.js";
import { followHistory } from "../follow/follow-history.js";
import { followLogs } from "../follow/follow-logs.js";
import { followServiceLogs } from "../follow/follow-service-logs.js";
import { assertSucceeded, printOutcome } from "../follow/outcome.js";
import { pollUntilEnded } from "../follow/poll.js";
import { rideOut } from "../follow/ride-out.js";
import { UsageError } from "../host/load-service.js";
import { out } from "../output/colors.js";
import {
  compactJson,
  elapsed,
  formatError,
  formatStatus,
  formatTime,
  printJson,
  printLine,
} from "../output/format.js";
import { HistoryDescriber } from "../output/history-lines.js";
import { logLine, printLogs } from "../output/log-lines.js";
import { renderFields, renderTable } from "../output/table.js";
import type { ClientOptions } from "./client-options.js";
import { connect, serviceAddress, withClientOptions } from "./client-options.js";
import type { ExecutionOption } from "./execution-argument.js";
import { requireExecution, takeExecution, withExecutionOption } from "./execution-argument.js";
import { logLimitOption, sinceOption } from "./options.js";

type Options = ClientOptions & ExecutionOption;

/** `eventual get execution|history|logs|timeline|service`; `show` is the same command. */
export function getCommand(): Command {
  return new Command("get")
    .alias("show")
    .description("Show an execution, its history, logs or timeline, or the service.")
    .addCommand(getExecutionCommand())
    .addCommand(getHistoryCommand())
    .addCommand(getLogsCommand())
    .addCommand(getTimelineCommand())
    .addCommand(getServiceCommand());
}

function getExecutionCommand(): Command {
  return withClientOptions(
    withExecutionOption(
      new Command("execution")
        .description("Show an execution: status, input, result or error, times.")
        .argument("[id]", "the execution's id (or --execution <id>)"),
    ),
  )
    .addHelpText("after", "\nExample:\n  eventual get execution transfer~t-42")
    .action(async (argument: string | undefined, options: Options) => {
      const id = requireExecution(takeExecution([argument], options.execution).executionId);
      const execution = await connect(options).getExecution(id);
      if (options.json) printJson(execution);
      else printLine(renderFields(executionFields(execution)));
    });
}

function executionFields(execution: Execution): [string, string][] {
  const fields: [string, string][] = [
    ["id", execution.id],
    ["workflow", execution.workflowName],
    ["status", formatStatus(execution.status, execution.held)],
    ["input", compactJson(execution.input)],
  ];
  if (execution.status === "SUCCEEDED") fields.push(["result", compactJson(execution.result)]);
  if (execution.error) fields.push(["error", out.red(formatError(execution.error))]);
  if (execution.held) fields.push(["held", out.yellow(formatError(execution.held))]);
  fields.push(["started", formatTime(execution.startTime)]);
  if (execution.endTime) fields.push(["ended", formatTime(execution.endTime)]);
  fields.push(["duration", elapsed(execution.startTime, execution.endTime)]);
  if (execution.parentId) fields.push(["parent", execution.parentId]);
  if (execution.version) fields.push(["version", execution.version]);
  return fields;
}

interface HistoryOptions extends Options {
  follow?: boolean;
}

function getHistoryCommand(): Command {
  return withClientOptions(
    withExecutionOption(
      new Command("history")
        .description(
          "Show an execution's history: every event, in order, with its time since start.",
        )
        .argument("[id]", "the execution's id (or --execution <id>)")
        .option("-f, --follow", "print each event as it is recorded, until the execution ends"),
    ),
  )
    .addHelpText(
      "after",
      "\nExamples:\n  eventual get history transfer~t-42\n  eventual get history --execution transfer~t-42 --follow",
    )
    .action(async (argument: string | undefined, options: HistoryOptions) => {
      const id = requireExecution(takeExecution([argument], options.execution).executionId);
      if (options.follow) return followHistoryToEnd(options, id);
      const events = await connect(options).getHistory(id);
      if (options.json) return printJson({ events });
      const describer = new HistoryDescriber();
      const rows = events.map((event) => {
        const { seq, offset, type, details } = describer.describe(event);
        return [seq, offset, type, details];
      });
      printLine(renderTable(["seq", "time", "type", "details"], rows));
    });
}

/**
 * Prints each event as it is recorded, then the outcome, as `start workflow --follow` does; with
 * `--json`, the whole history once the execution ended, as `get history --json` prints it.
 */
async function followHistoryToEnd(options: HistoryOptions, id: string): Promise<void> {
  const reads = rideOut(connect(options), { followAgain: `eventual get history ${id} --follow` });
  let execution: Execution;
  if (options.json) {
    execution = await pollUntilEnded(reads, id, async () => {});
    printJson({ events: await reads.getHistory(id) });
  } else {
    execution = await followHistory(reads, id);
    printOutcome(execution);
  }
  assertSucceeded(execution);
}

interface LogsOptions extends Options {
  follow?: boolean;
  workflow?: string;
  since?: string;
  limit?: number;
}

function getLogsCommand(): Command {
  return withClientOptions(
    withExecutionOption(
      new Command("logs")
        .description(
          "Show what an execution printed, or, without one, the service's latest log lines.",
        )
        .argument("[id]", "the execution's id (or --execution <id>); none: the whole service")
        .option("--workflow <name>", "the service's lines of this workflow's executions only")
        .option(
          "--since <time>",
          "lines from this time: ISO 8601, or a duration ago (10m)",
          sinceOption,
        )
        .option(
          "--limit <n>",
          "the service's latest lines to show, 1 to 10000 (default 100)",
          logLimitOption,
        )
        .option("-f, --follow", "keep printing new lines: until the execution ends, or Ctrl-C"),
    ),
  )
    .addHelpText(
      "after",
      `
Lines print in the order they were written. An execution's lines are all of them; the service's
are its latest --limit lines, each with its execution.

Examples:
  eventual get logs transfer~t-42
  eventual get logs --execution transfer~t-42 --follow
  eventual get logs --workflow transfer --since 10m
  eventual get logs --follow`,
    )
    .action(async (argument: string | undefined, options: LogsOptions) => {
      const id = takeExecution([argument], options.execution).executionId;
      if (id === undefined) return serviceLogs(options);
      if (
        options.workflow !== undefined ||
        options.since !== undefined ||
        options.limit !== undefined
      ) {
        throw new UsageError(
          "--workflow, --since and --limit choose among the service's lines; an execution's are all shown.",
        );
      }
      const client = connect(options);
      if (options.follow) {
        const reads = rideOut(client, { followAgain: `eventual get logs ${id} --follow` });
        const logs = await followLogs(reads, id, options.json !== true);
        if (options.json) printJson({ logs });
        return;
      }
      const logs = await client.getLogs(id);
      if (options.json) printJson({ logs });
      else printLogs(logs);
    });
}

/** The service's logs: the latest lines, or with `--follow` those and every new one until Ctrl-C. */
async function serviceLogs(options: LogsOptions): Promise<void> {
  const client = connect(options);
  const query = {
    ...(options.workflow === undefined ? {} : { workflow: options.workflow }),
    ...(options.since === undefined ? {} : { since: options.since }),
    limit: options.limit ?? 100,
  };
  if (options.follow) {
    const reads = rideOut(client, { followAgain: "eventual get logs --follow" });
    // With --json, one JSON line per log line: a follow of the service never ends to print one document.
    await followServiceLogs(reads, query, (lines) => {
      for (const line of lines) printLine(options.json ? JSON.stringify(line) : logLine(line));
    });
  }
  const logs = await client.getServiceLogs(query);
  if (options.json) printJson({ logs });
  else printLogs(logs);
}

interface TimelineOptions extends Options {
  open?: boolean;
}

function getTimelineCommand(): Command {
  return withClientOptions(
    withExecutionOption(
      new Command("timeline")
        .description("Print the address of an execution's timeline in the service's dashboard.")
        .argument("[id]", "the execution's id (or --execution <id>)")
        .option("--open", "also open it in the browser"),
    ),
  )
    .addHelpText("after", "\nExample:\n  eventual get timeline transfer~t-42")
    .action(async (argument: string | undefined, options: TimelineOptions) => {
      const id = requireExecution(takeExecution([argument], options.execution).executionId);
      // An unknown execution fails here, as `get execution` does, rather than in the browser.
      await connect(options).getExecution(id);
      const url = timelineUrl(serviceAddress(options), id);
      if (options.json) printJson({ url });
      else printLine(url);
      if (options.open) await openInBrowser(url);
    });
}

/** The dashboard's page of execution `id`, on the service at `service`. */
function timelineUrl(service: string, id: string): string {
  return `${service.replace(/\/+$/, "")}/_eventual/ui/executions/${encodeURIComponent(id)}`;
}

/** Hands `url` to the system's browser; a launcher that cannot start is a failure (exit 1). */
async function openInBrowser(url: string): Promise<void> {
  try {
    await open(url);
  } catch (error) {
    throw new CommandFailure(
      `Cannot open a browser (${(error as Error).message}); open ${url} yourself.`,
    );
  }
}

function getServiceCommand(): Command {
  return withClientOptions(
    new Command("service").description(
      "Show what the service declares: workflows, activities, events, signals, routes.",
    ),
  )
    .addHelpText("after", "\nExample:\n  eventual get service --url http://localhost:3111")
    .action(async (options: ClientOptions) => {
      const service = await connect(options).getService();
      if (options.json) printJson(service);
      else printLine(renderFields(serviceFields(service)));
    });
}

function serviceFields(service: ServiceDescription): [string, string][] {
  const list = (items: string[]) => (items.length > 0 ? items.join(", ") : out.dim("none"));
  return [
    ["name", out.bold(service.name)],
    ["workflows", list(service.workflows.map((w) => w.name))],
    ["activities", list(service.activities.map((a) => a.name))],
    ["events", list(service.events.map((e) => e.name))],
    ["signals", list(service.signals.map((s) => s.name))],
    ["subscriptions", list(service.subscriptions.map((s) => `${s.name} (${s.events.join(", ")})`))],
    ["routes", list(service.routes.map((r) => `${r.method} ${r.path}`))],
  ];
}
