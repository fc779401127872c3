import { crashLoop } from "@eventual/store-conformance/crash-loop";
import pg from "pg";
import { describe, expect } from "vitest";
import { PostgresStore } from "../src/index.js";
import { createTestDatabase } from "./test-database.js";

/**
 * What must hold in a database however its writers died: the history has no gaps and matches
 * each execution's count, and an ended execution holds no pending work.
 */
const invariants = {
  "history positions run from 0 without a gap": `
    SELECT e.id FROM eventual_executions e LEFT JOIN eventual_history h ON h.execution_id = e.id
    GROUP BY e.id, e.history_length
    HAVING COUNT(h.position) <> e.history_length
        OR COALESCE(MAX(h.position), -1) <> e.history_length - 1`,
  "an ended execution keeps no inbox, activities or timers": `
    SELECT e.id FROM eventual_executions e WHERE e.status <> 'IN_PROGRESS' AND (
      EXISTS (SELECT 1 FROM eventual_inbox i WHERE i.execution_id = e.id) OR
      EXISTS (SELECT 1 FROM eventual_activities a WHERE a.execution_id = e.id) OR
      EXISTS (SELECT 1 FROM eventual_timers t WHERE t.execution_id = e.id))`,
};

describe("PostgreSQL under crashes", () => {
  crashLoop("PostgresStore", {
    crashes: Number(process.env.EVENTUAL_CRASH_LOOP_CRASHES ?? 120),
    async create() {
      const database = await createTestDatabase();
      return {
        open: (crashPoint) => PostgresStore.open({ connectionString: database.url, crashPoint }),
        // What a dead node leaves: connections that close, transactions that roll back.
        abandon: (store) => store.close(),
        async checkIntegrity() {
          const client = new pg.Client(database.url);
          await client.connect();
          try {
            for (const [rule, query] of Object.entries(invariants)) {
              expect((await client.query(query)).rows, rule).toEqual([]);
            }
          } finally {
            await client.end();
          }
        },
        drop: () => database.drop(),
      };
    },
  });
});
