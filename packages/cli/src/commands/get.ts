import type { Execution, LogLine, ServiceDescription } from "@eventual/core";
import { Command } from "commander";
import { followLogs, logLine } from "../follow/follow-logs.js";
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
import { renderFields, renderTable } from "../output/table.js";
import type { ClientOptions } from "./client-options.js";
import { connect, withClientOptions } from "./client-options.js";

/** `eventual get execution|history|logs|service`. */
export function getCommand(): Command {
  return new Command("get")
    .description("Show an execution, its history or logs, or the service.")
    .addCommand(getExecutionCommand())
    .addCommand(getHistoryCommand())
    .addCommand(getLogsCommand())
    .addCommand(getServiceCommand());
}

function getExecutionCommand(): Command {
  return withClientOptions(
    new Command("execution")
      .description("Show an execution: status, input, result or error, times.")
      .argument("<id>", "the execution's id"),
  )
    .addHelpText("after", "\nExample:\n  eventual get execution transfer~t-42")
    .action(async (id: string, options: ClientOptions) => {
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
  return fields;
}

function getHistoryCommand(): Command {
  return withClientOptions(
    new Command("history")
      .description("Show an execution's history: every event, in order, with its time since start.")
      .argument("<id>", "the execution's id"),
  )
    .addHelpText("after", "\nExample:\n  eventual get history transfer~t-42")
    .action(async (id: string, options: ClientOptions) => {
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

interface LogsOptions extends ClientOptions {
  execution?: string;
  follow?: boolean;
}

function getLogsCommand(): Command {
  return withClientOptions(
    new Command("logs")
      .description("Show what an execution's workflow and activities printed.")
      .option("--execution <id>", "the execution (required: logs are kept per execution)")
      .option("-f, --follow", "keep printing new lines until the execution ends"),
  )
    .addHelpText(
      "after",
      "\nExamples:\n  eventual get logs --execution transfer~t-42\n  eventual get logs --execution transfer~t-42 --follow",
    )
    .action(async (options: LogsOptions) => {
      if (options.execution === undefined) {
        throw new UsageError("get logs needs --execution <id>: logs are kept per execution.");
      }
      const client = connect(options);
      if (options.follow) {
        const logs = await followLogs(client, options.execution, options.json !== true);
        if (options.json) printJson({ logs });
        return;
      }
      const logs = await client.getLogs(options.execution);
      if (options.json) printJson({ logs });
      else printLogs(logs);
    });
}

function printLogs(logs: LogLine[]): void {
  if (logs.length === 0) printLine(out.dim("No logs."));
  for (const line of logs) printLine(logLine(line));
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
