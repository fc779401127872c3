import { afterAll, beforeAll, expect, it } from "vitest";
import { commitGroups } from "../src/commit.js";
import { openPool } from "../src/database.js";
import { PostgresStore } from "../src/postgres-store.js";
import { activityTask, createExecution } from "./records.js";
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
  // One connection, so the prepared statements read below are the commits' own.
  const pool = openPool({ connectionString: database.url, max: 1 });
  try {
    const commits = 8;
    for (let i = 0; i < commits; i++) {
      const id = `checkout~${i}`;
      await commitGroups(pool, [[createExecution(id)]]);
      await commitGroups(pool, [[{ type: "scheduleActivity", task: activityTask(id, 1) }]]);
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
  } finally {
    await pool.end();
  }
});
