import type { ExecutionPage, ExecutionStatus } from "@eventual/core";
import { Command, Option } from "commander";
import { out } from "../output/colors.js";
import { elapsed, formatStatus, formatTime, printJson, printLine } from "../output/format.js";
import { renderTable } from "../output/table.js";
import type { ClientOptions } from "./client-options.js";
import { connect, withClientOptions } from "./client-options.js";
import { limitOption, statusOption } from "./options.js";

interface ListExecutionsOptions extends ClientOptions {
  workflow?: string;
  status?: ExecutionStatus;
  limit?: number;
  nextToken?: string;
  order?: "asc" | "desc";
}

/** `eventual list workflows` and `eventual list executions`. */
export function listCommand(): Command {
  return new Command("list")
    .description("List workflows or executions.")
    .addCommand(listWorkflowsCommand())
    .addCommand(listExecutionsCommand());
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
      .description("List executions, oldest first unless --order desc; one page at a time.")
      .option("--workflow <name>", "only executions of this workflow")
      .option("--status <status>", "only IN_PROGRESS, SUCCEEDED, FAILED or CANCELLED", statusOption)
      .option("--limit <n>", "executions per page, 1 to 1000 (default 100)", limitOption)
      .option("--next-token <token>", "the page after the one that printed this token")
      .addOption(new Option("--order <order>", "by start time").choices(["asc", "desc"])),
  )
    .addHelpText(
      "after",
      "\nExamples:\n  eventual list executions --workflow transfer --status FAILED\n  eventual list executions --order desc --limit 10",
    )
    .action(async (options: ListExecutionsOptions) => {
      const { workflow, status, limit, nextToken, order } = options;
      const page = await connect(options).listExecutions({
        workflow,
        status,
        limit,
        nextToken,
        order,
      });
      if (options.json) printJson(page);
      else printExecutions(page);
    });
}

function printExecutions(page: ExecutionPage): void {
  if (page.executions.length === 0) printLine(out.dim("No executions."));
  else {
    const rows = page.executions.map((execution) => [
      execution.id,
      execution.workflowName,
      formatStatus(execution.status, execution.held),
      formatTime(execution.startTime),
      elapsed(execution.startTime, execution.endTime),
    ]);
    printLine(renderTable(["id", "workflow", "status", "started", "duration"], rows));
  }
  if (page.nextToken) printLine(out.dim(`More: --next-token ${page.nextToken}`));
}
