import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "./database.js";
import { SqliteStore } from "./sqlite-store.js";

const started = {
  type: "WorkflowStarted",
  input: { n: 1 },
  timestamp: "2030-01-01T00:00:00.000Z",
} as const;
const execution = {
  id: "wf~1",
  name: "wf~1",
  workflowName: "wf",
  status: "IN_PROGRESS",
  input: { n: 1 },
  startTime: "2030-01-01T00:00:00.000Z",
  historyLength: 0,
} as const;

describe("SqliteStore on a file", () => {
  it("keeps what was committed after the store is closed and opened again", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "eventual-sqlite-")), "data", "eventual.db");
    const first = SqliteStore.open(file);
    await first.commit([[{ type: "createExecution", execution, started }]]);
    await first.close();

    const second = SqliteStore.open(file);
    expect(await second.getExecution("wf~1")).toEqual(execution);
    const [task] = await second.claimWorkflowTasks({
      owner: "a",
      now: 1,
      leaseMs: 1000,
      limit: 10,
    });
    expect(task?.inbox.map((entry) => entry.event)).toEqual([started]);
    await second.close();
  });

  it("commits durably: WAL journal with synchronous=FULL", () => {
    const file = join(mkdtempSync(join(tmpdir(), "eventual-sqlite-")), "eventual.db");
    const db = openDatabase(file);
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("synchronous", { simple: true })).toBe(2); // FULL
  });
});
