import type { Execution } from "@eventual/core";
import type { ExecutionSource } from "./execution-source.js";
import { listAll } from "./list-all.js";

const endedStatuses = ["SUCCEEDED", "FAILED", "CANCELLED"] as const;

/** Which executions a check replays. */
export interface Selection {
  /** How many of each workflow's newest ended executions to add to the running ones. */
  ended: number;
  /** The workflows whose ended executions to add: those the checked code declares. */
  workflows: string[];
}

/**
 * Every execution that has not ended, oldest first, then the newest `ended` ended executions of
 * each workflow. Each appears once, even one that ended between the lists.
 */
export async function selectExecutions(
  source: ExecutionSource,
  selection: Selection,
): Promise<Execution[]> {
  const [running, ...ended] = await Promise.all([
    listAll(source, { status: "IN_PROGRESS", order: "asc" }),
    ...selection.workflows.map((workflow) => newestEnded(source, workflow, selection.ended)),
  ]);
  const byId = new Map<string, Execution>();
  for (const execution of [...running, ...ended.flat()]) {
    if (!byId.has(execution.id)) byId.set(execution.id, execution);
  }
  return [...byId.values()];
}

/**
 * A workflow's newest `count` ended executions. A listing takes one status, so each ended status
 * gives its newest `count` and the merge keeps the newest of them all.
 */
async function newestEnded(
  source: ExecutionSource,
  workflow: string,
  count: number,
): Promise<Execution[]> {
  if (count <= 0) return [];
  const lists = await Promise.all(
    endedStatuses.map((status) => listAll(source, { workflow, status, order: "desc" }, count)),
  );
  return lists.flat().sort(newestFirst).slice(0, count);
}

/** The stores' order reversed: by start time (ISO strings sort as times), then by id. */
function newestFirst(a: Execution, b: Execution): number {
  const [keyA, keyB] = [`${a.startTime} ${a.id}`, `${b.startTime} ${b.id}`];
  return keyA < keyB ? 1 : keyA > keyB ? -1 : 0;
}
