import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { type Db, openDatabase } from "./database.js";
import { migrate } from "./migrate.js";
import { prepareStatements } from "./statements.js";

/** How SQLite runs `sql` with `params`: one line per step of its plan. */
function queryPlan(db: Db, sql: string, ...params: unknown[]): string[] {
  const steps = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[];
  return steps.map((step) => step.detail);
}

it("claims by walking the waiting inboxes and looking each execution up by key", () => {
  const db = openDatabase(join(mkdtempSync(join(tmpdir(), "eventual-plan-")), "eventual.db"));
  migrate(db);
  const { claimableExecutions } = prepareStatements(db);
  // Many running and few waiting; the store keeps no statistics (it never runs ANALYZE), so the
  // planner goes by the indexes alone, and must not read the running ones.
  db.exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
    INSERT INTO eventual_executions (id, name, workflow_name, status, input, start_time)
    SELECT 'running~' || i, 'running~' || i, 'w', 'IN_PROGRESS', 'null', '2030-01-01' FROM n`);
  db.exec(`INSERT INTO eventual_inbox (execution_id, event)
    SELECT id, '{}' FROM eventual_executions LIMIT 3`);

  const plan = queryPlan(db, claimableExecutions.source, 0, 10); // now, limit

  expect(plan.join("\n")).not.toMatch(/eventual_executions_by_status|SCAN e\b/);
  expect(plan).toContainEqual(expect.stringMatching(/^SEARCH e USING .*\(id=\?\)$/));
});
