import type { DeadLetterPage, ExecutionPage, ExecutionStatus } from "@eventual/core";
import { Command, Option } from "commander";
import { out } from "../output/colors.js";
import {
  elapsed,
  formatError,
  formatStatus,
  formatTime,
  inlineJson,
  printJson,
  printLine,
} from "../output/format.js";
import { renderTable } from "../output/table.js";
import type { ClientOptions } from "./client-options.js";
import { connect, serviceAddress, withClientOptions } from "./client-options.js";
import { limitOption, statusOption } from "./options.js";

interface ListExecutionsOptions extends ClientOptions {
  workflow?: string;
  status?: ExecutionStatus;
  held?: boolean;
  limit?: number;
  nextToken?: string;
  order?: "asc" | "desc";
}

/** `eventual list workflows|executions|dead-letters|services`. */
export function listCommand(): Command {
  return new Command("list")
    .description("List workflows, executions, dead letters or services.")
    .addCommand(listWorkflowsCommand())
    .addCommand(listExecutionsCommand())
    .addCommand(listDeadLettersCommand())
    .addCommand(listServicesCommand());
}

function listWorkflowsCommand(): Command {
  return withClientOptions(
    new Command("workflows").description("List the workflows the service declares."),
  )
    .addHelpText("after", "\nExample:\n  eventual list workflows --url http://localhost:3111")
    .action(async (options: ClientOptions) => {
      const workflows = await connect(options).listWorkflows();
      if (options.json) return printJson({ workflows });
      if (workflows.length === 0) return printLine(out.dim("No workflows."));
      printLine(
        renderTable(
          ["name"],
          workflows.map((workflow) => [workflow.name]),
        ),
      );
    });
}

function listExecutionsCommand(): Command {
  return withClientOptions(
    new Command("executions")
      .description("List executions, newest first unless --order asc; one page at a time.")
      .option("--workflow <name>", "only executions of this workflow")
      .option("--status <status>", "only IN_PROGRESS, SUCCEEDED, FAILED or CANCELLED", statusOption)
      .option("--held", "only held executions, with what diverges")
      .option("--limit <n>", "executions per page, 1 to 1000 (default 100)", limitOption)
      .option("--next-token <token>", "the page after the one that printed this token")
      .addOption(
        new Option("--order <order>", "by start time (default desc)").choices(["asc", "desc"]),
      ),
  )
    .addHelpText(
      "after",
      "\nExamples:\n  eventual list executions --workflow transfer --status FAILED\n  eventual list executions --held\n  eventual list executions --order asc --limit 10",
    )
    .action(async (options: ListExecutionsOptions) => {
      // Newest first: what was just started is what one looks for.
      const { workflow, status, held, limit, nextToken, order = "desc" } = options;
      const page = await connect(options).listExecutions({
        workflow,
        status,
        held,
        limit,
        nextToken,
        order,
      });
      if (options.json) printJson(page);
      else printExecutions(page, held === true);
    });
}

/** A table of executions; of held ones, with what diverges rather than the status. */
function printExecutions(page: ExecutionPage, held: boolean): void {
  if (page.executions.length === 0)
    printLine(out.dim(held ? "No held executions." : "No executions."));
  else {
    const rows = page.executions.map((execution) => [
      execution.id,
      execution.workflowName,
      held && execution.held
        ? out.yellow(formatError(execution.held))
        : formatStatus(execution.status, execution.held),
      formatTime(execution.startTime),
      elapsed(execution.startTime, execution.endTime),
    ]);
    const third = held ? "held by" : "status";
    printLine(renderTable(["id", "workflow", third, "started", "duration"], rows));
  }
  if (page.nextToken) printLine(out.dim(`More: --next-token ${page.nextToken}`));
}

interface ListDeadLettersOptions extends ClientOptions {
  limit?: number;
  nextToken?: string;
}

function listDeadLettersCommand(): Command {
  return withClientOptions(
    new Command("dead-letters")
      .description(
        "List event deliveries whose subscriber failed every attempt, oldest first; redrive them with eventual redrive.",
      )
      .option("--limit <n>", "dead letters per page, 1 to 1000 (default 100)", limitOption)
      .option("--next-token <token>", "the page after the one that printed this token"),
  )
    .addHelpText(
      "after",
      "\nExamples:\n  eventual list dead-letters\n  eventual list dead-letters --limit 10 --json",
    )
    .action(async (options: ListDeadLettersOptions) => {
      const { limit, nextToken } = options;
      const page = await connect(options).listDeadLetters({ limit, nextToken });
      if (options.json) printJson(page);
      else printDeadLetters(page);
    });
}

function printDeadLetters(page: DeadLetterPage): void {
  if (page.deadLetters.length === 0) printLine(out.dim("No dead letters."));
  else {
    const rows = page.deadLetters.map((dead) => [
      dead.id,
      dead.subscription,
      dead.eventName,
      inlineJson(dead.event, 40),
      String(dead.attempts),
      dead.error ? out.red(inlineText(formatError(dead.error), 60)) : "-",
      formatTime(dead.publishedAt),
    ]);
    const head = ["id", "subscription", "event", "payload", "attempts", "error", "published"];
    printLine(renderTable(head, rows));
  }
  if (page.nextToken) printLine(out.dim(`More: --next-token ${page.nextToken}`));
}

/** Text cut to fit a table cell, on one line. */
function inlineText(text: string, max: number): string {
  const line = text.replace(/\s*\n\s*/g, " ");
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

function listServicesCommand(): Command {
  return withClientOptions(
    new Command("services").description(
      "List the services at --url: the one service there, with how much it declares.",
    ),
  )
    .addHelpText("after", "\nExample:\n  eventual list services --url http://localhost:3111")
    .action(async (options: ClientOptions) => {
      const service = await connect(options).getService();
      const url = serviceAddress(options);
      // One service answers at a URL; the list shape leaves room for a host of several.
      if (options.json) return printJson({ services: [{ ...service, url }] });
      const count = (items: unknown[]) => String(items.length);
      const head = ["name", "url", "workflows", "activities", "events", "subscriptions", "routes"];
      const row = [
        out.bold(service.name),
        url,
        count(service.workflows),
        count(service.activities),
        count(service.events),
        count(service.subscriptions),
        count(service.routes),
      ];
      printLine(renderTable(head, [row]));
    });
}
