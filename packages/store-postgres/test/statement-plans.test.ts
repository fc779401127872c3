import type { TimerRecord, WriteOf } from "@eventual/engine";
import type pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { commitGroups } from "../src/commit.js";
import { openPool } from "../src/database.js";
import { PostgresStore } from "../src/postgres-store.js";
import { claimWorkflowTasks } from "../src/sql/claim-workflow-tasks.js";
import { activityTask, claim, completion, createExecution, sleepTimer, T0 } from "./records.js";
import { createTestDatabase, type TestDatabase } from "./test-database.js";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  // Opening the store applies the migrations the statements need.
  await (await PostgresStore.open(database.url)).close();
});
afterAll(async () => {
  await database.drop();
});

it("plans a commit's statements once per connection, not at every commit", async () => {
  await withOneConnection({ connectionString: database.url }, async (pool) => {
    const commits = 8;
    for (let i = 0; i < commits; i++) {
      const id = `checkout~${i}`;
      await commitGroups(pool, [[createExecution(id)]]);
      await commitGroups(pool, [[schedule(id, 1)]]);
    }
    const { rows } = await pool.query<{ name: string; generic: number; custom: number }>(
      `SELECT name, generic_plans AS generic, custom_plans AS custom
       FROM pg_prepared_statements WHERE name LIKE 'eventual\\_%' ORDER BY name`,
    );
    // Left to choose, PostgreSQL plans the first five executions for their values at least.
    expect(rows.map((row) => row.name)).toContain("eventual_schedule_activities");
    for (const row of rows) {
      expect(row, row.name).toMatchObject({ custom: 0 });
      expect(Number(row.generic), row.name).toBeGreaterThanOrEqual(commits);
    }
  });
});

it("finds a step's rows by key however much the tables grew since it was planned", async () => {
  await withOneConnection({ connectionString: database.url }, async (pool) => {
    const plans = await explainEveryStatement(pool);
    const step = async (id: string, seq: number) => {
      await commitGroups(pool, [[schedule(id, seq)]]);
      await commitGroups(pool, [
        [
          { type: "requireActivity", executionId: id, seq },
          { type: "removeActivity", executionId: id, seq },
        ],
      ]);
    };
    // Planned while the tables hold a few rows, as in a new database.
    for (let i = 0; i < 3; i++) {
      await commitGroups(pool, [[createExecution(`small~${i}`)]]);
      await step(`small~${i}`, 1);
    }
    // The tables grow faster than autovacuum, a minute apart at best, updates their statistics.
    const many = Array.from({ length: 3_000 }, (_, i) => startExecution(`grown~${i}`));
    await commitGroups(pool, [many]);
    await commitGroups(pool, [many.slice(0, 1_000).map((_, i) => schedule(`grown~${i}`, 1))]);
    plans.length = 0;

    await commitGroups(pool, [
      [{ type: "requireNewExecution", executionId: "started" }, startExecution("started")],
    ]);
    await step("started", 1);
    await commitGroups(pool, [[createExecution("late")]]);
    const claimed = plans.length;
    const [task] = await claimWorkflowTasks(pool, claim("node", T0, 1));
    plans.splice(claimed); // a read, planned for its values (below)
    await commitGroups(pool, [completion(task!, "node")]);
    await step("late", 1);

    expect(plans.length).toBeGreaterThan(0);
    expectRowsAtMost(plans, 10, "tables");
  });
});

it("claims waiting executions by key however many others run", async () => {
  // A schema of its own: no execution the tests above left is waiting.
  const schema = await database.freshSchema();
  await (await PostgresStore.open(schema)).close();
  await withOneConnection(schema, async (pool) => {
    for (let batch = 0; batch < 4; batch++) {
      const ids = Array.from({ length: 5_000 }, (_, i) => `running~${batch}~${i}`);
      await commitGroups(pool, [ids.map(startExecution)]);
    }
    const waiting = Array.from({ length: 10 }, (_, i) => `running~${i % 4}~${i * 401}`);
    await commitGroups(pool, [waiting.map((id) => signal(id))]);
    const plans = await explainEveryStatement(pool);

    const tasks = await claimWorkflowTasks(pool, claim("node", T0, 5));

    expect(tasks.map((task) => task.execution.id)).toEqual(waiting.slice(0, 5));
    expect(plans.length).toBeGreaterThan(0);
    expectRowsAtMost(plans, 20, "tables");
  });
});

it("does work in proportion to a commit's size, however many writes it holds", async () => {
  await withOneConnection({ connectionString: database.url }, async (pool) => {
    const plans = await explainEveryStatement(pool);
    // A parent starting its children, each with a timer; then an activity each, with its timeout.
    const ids = Array.from({ length: 2_000 }, (_, i) => `wide~${i}`);
    await commitGroups(pool, [ids.map((id) => ({ ...startExecution(id), timers: [timer(id)] }))]);
    await commitGroups(pool, [ids.map((id) => ({ ...schedule(id, 1), timers: [timer(id, 1)] }))]);

    expect(plans.map((plan) => plan["Query Text"]).join()).toMatch(/eventual_timers/);
    expectRowsAtMost(plans, 4 * ids.length, "nodes");
  });
});

const signal = (executionId: string): WriteOf<"appendInbox"> => ({
  type: "appendInbox",
  executionId,
  event: {
    type: "SignalReceived",
    signal: "wake",
    payload: null,
    timestamp: new Date(T0).toISOString(),
  },
});

function startExecution(id: string): WriteOf<"startExecution"> {
  const { execution, started } = createExecution(id) as WriteOf<"createExecution">;
  return { type: "startExecution", execution, history: [started] };
}

/** A timer of the execution, or of its activity `seq` (that activity's timeout). */
function timer(executionId: string, seq?: number): TimerRecord {
  const timer = sleepTimer(executionId, seq ?? 0);
  return seq === undefined ? timer : { ...timer, id: `${timer.id}/timeout`, activitySeq: seq };
}

const schedule = (id: string, seq: number): WriteOf<"scheduleActivity"> => ({
  type: "scheduleActivity",
  task: activityTask(id, seq),
});

/**
 * Runs `body` on a pool of one connection, so that the plans it reads (`pg_prepared_statements`,
 * `auto_explain`) are those of the statements it sends.
 */
async function withOneConnection(
  config: pg.ClientConfig,
  body: (pool: pg.Pool) => Promise<void>,
): Promise<void> {
  const pool = openPool({ ...config, max: 1 });
  try {
    await body(pool);
  } finally {
    await pool.end();
  }
}

interface Plan {
  "Query Text": string;
  Plan: PlanNode;
}

interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Actual Rows": number;
  "Actual Loops": number;
  Plans?: PlanNode[];
}

/**
 * The plan of every statement the pool's one connection runs from now on, with the rows each
 * node read, as `auto_explain` reports them to the client.
 */
async function explainEveryStatement(pool: pg.Pool): Promise<Plan[]> {
  const plans: Plan[] = [];
  const client = await pool.connect();
  client.on("notice", (notice) => {
    const json = notice.message?.split("plan:\n")[1];
    if (json) plans.push(JSON.parse(json));
  });
  await client.query(`LOAD 'auto_explain'; SET auto_explain.log_min_duration = 0;
    SET auto_explain.log_analyze = on; SET auto_explain.log_format = json;
    SET auto_explain.log_level = notice; SET auto_explain.log_nested_statements = on`);
  client.release();
  return plans;
}

/** Expects no scan of a table (`tables`), or no node at all (`nodes`), to give more than `atMost` rows. */
function expectRowsAtMost(plans: Plan[], atMost: number, which: "tables" | "nodes"): void {
  for (const plan of plans) {
    for (const node of planNodes(plan.Plan)) {
      if (which === "tables" && !node.table) continue;
      const what = `${node.table ?? node.type} in ${plan["Query Text"]}`;
      expect(node.rows, what).toBeLessThanOrEqual(atMost);
    }
  }
}

/** Every node of a plan with the rows it gave over all its loops, and the table it read, if one. */
function planNodes(node: PlanNode): { type: string; table?: string; rows: number }[] {
  const table = node["Node Type"] === "ModifyTable" ? undefined : node["Relation Name"];
  const rows = node["Actual Rows"] * node["Actual Loops"];
  return [{ type: node["Node Type"], table, rows }, ...(node.Plans ?? []).flatMap(planNodes)];
}
