import { spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "./database.js";
import { SqliteStore } from "./sqlite-store.js";

const storeModule = new URL("./sqlite-store.ts", import.meta.url).href;

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

describe("SqliteStore as the one process serving its file", () => {
  it("frees the leases a crashed process held, so its work runs again at once", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "eventual-sqlite-")), "eventual.db");
    const crashed = SqliteStore.open(file);
    await crashed.commit([[{ type: "createExecution", execution, started }]]);
    const claim = { owner: "crashed", now: 1, leaseMs: 60_000, limit: 10 };
    expect(await crashed.claimWorkflowTasks(claim)).toHaveLength(1);
    await crashed.close(); // what the process left behind, as if it had died here

    const next = SqliteStore.open(file);
    const [task] = await next.claimWorkflowTasks({ ...claim, owner: "next", now: 2 });
    expect(task?.execution.id).toBe("wf~1");
    await next.close();
  });

  it("refuses a second process while the first holds the file", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "eventual-sqlite-")), "eventual.db");
    const first = SqliteStore.open(file);
    const second = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx",
        "-e",
        `(await import(${JSON.stringify(storeModule)})).SqliteStore.open(${JSON.stringify(file)}, { busyTimeoutMs: 50 })`,
      ],
      { encoding: "utf8" },
    );
    expect(second.status).not.toBe(0);
    expect(second.stderr).toContain(`${file} is in use by another process`);
    await first.close();
  });
});
