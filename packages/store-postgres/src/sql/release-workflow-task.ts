import type { WriteOf, WriteResult } from "@eventual/engine";
import type { Transaction } from "../transaction.js";
import { changed } from "./answers.js";
import { bind, param, prepare, sql } from "./sql.js";

type Release = WriteOf<"releaseWorkflowTask">;

const statement = prepare(
  "release_workflow_task",
  sql<Release>`UPDATE eventual_executions SET lease_owner = NULL, lease_until = NULL
   WHERE id = ${param("text", (release: Release) => release.executionId)}
     AND lease_owner = ${param("text", (release: Release) => release.owner)}`,
);

/** Gives up a workflow task's lease: `stale` if its owner no longer holds it. */
export const releaseWorkflowTask = (tx: Transaction, release: Release): Promise<WriteResult> =>
  tx.run(bind(statement, release), changed);
