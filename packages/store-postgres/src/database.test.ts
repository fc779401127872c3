import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../test/test-database.js";
import { openPool } from "./database.js";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

describe("openPool", () => {
  it("keeps the planner to index scans on every connection it opens", async () => {
    const pool = openPool({ connectionString: database.url, max: 3 });
    try {
      const clients = await Promise.all([pool.connect(), pool.connect(), pool.connect()]);
      const settings = await Promise.all(
        clients.map(async (client) => (await client.query("SHOW enable_seqscan")).rows[0]),
      );
      for (const client of clients) client.release();
      expect(settings).toEqual([
        { enable_seqscan: "off" },
        { enable_seqscan: "off" },
        { enable_seqscan: "off" },
      ]);
      const { rows } = await pool.query("SELECT current_setting('application_name') AS name");
      expect(rows).toEqual([{ name: "eventual" }]);
    } finally {
      await pool.end();
    }
  });
});
