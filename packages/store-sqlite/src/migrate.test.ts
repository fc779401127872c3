import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "./database.js";
import { bundledMigrations, migrate } from "./migrate.js";
import { SqliteStore } from "./sqlite-store.js";

const scratchFile = () => join(mkdtempSync(join(tmpdir(), "eventual-migrate-")), "eventual.db");

describe("migrate", () => {
  it("applies every bundled migration once, in order, and nothing the second time", () => {
    const db = openDatabase(scratchFile());
    const versions = bundledMigrations().map((m) => m.version);
    expect(versions[0]).toBe(1);
    expect(migrate(db)).toEqual(versions);
    expect(migrate(db)).toEqual([]);
    const recorded = db.prepare("SELECT version FROM eventual_migrations ORDER BY version").all();
    expect(recorded).toEqual(versions.map((version) => ({ version })));
  });

  it("applies only the migrations newer than the database", () => {
    const db = openDatabase(scratchFile());
    const [first] = bundledMigrations();
    const extra = {
      version: 2,
      name: "0002_notes.sql",
      sql: "CREATE TABLE eventual_notes (x TEXT)",
    };
    expect(migrate(db, [first!])).toEqual([1]);
    expect(migrate(db, [first!, extra])).toEqual([2]);
    expect(
      db.prepare("SELECT name FROM sqlite_master WHERE name = 'eventual_notes'").get(),
    ).toEqual({
      name: "eventual_notes",
    });
  });

  it("rolls back a migration that fails, leaving the version where it was", () => {
    const db = openDatabase(scratchFile());
    const [first] = bundledMigrations();
    migrate(db, [first!]);
    const broken = {
      version: 2,
      name: "0002_broken.sql",
      sql: "CREATE TABLE eventual_x (a); SELECT nope FROM nowhere",
    };
    expect(() => migrate(db, [first!, broken])).toThrow(/no such table/);
    expect(db.prepare("SELECT MAX(version) AS v FROM eventual_migrations").get()).toEqual({ v: 1 });
    expect(
      db.prepare("SELECT name FROM sqlite_master WHERE name = 'eventual_x'").get(),
    ).toBeUndefined();
  });

  it("refuses a database written by a newer Eventual", () => {
    const db = openDatabase(scratchFile());
    migrate(db);
    db.prepare("INSERT INTO eventual_migrations VALUES (999, 'future.sql', 'later')").run();
    expect(() => migrate(db)).toThrow(/schema version 999, newer than this Eventual knows/);
  });

  it("is safe when two connections migrate the same file at once", () => {
    const file = scratchFile();
    const a = openDatabase(file);
    const b = openDatabase(file);
    const applied = [...migrate(a), ...migrate(b)];
    expect(applied).toEqual(bundledMigrations().map((m) => m.version));
  });

  it("keys executions by creation, keeping their history and activities (0007)", async () => {
    const file = scratchFile();
    const db = openDatabase(file);
    migrate(
      db,
      bundledMigrations().filter((m) => m.version < 7),
    );
    // Named so that id order and creation order differ.
    for (const [id, status] of [
      ["wf~b", "IN_PROGRESS"],
      ["wf~a", "SUCCEEDED"],
    ]) {
      db.prepare(`INSERT INTO eventual_executions (id, name, workflow_name, status, input, start_time,
          history_length) VALUES (?, ?, 'wf', ?, '1', '2030-01-01T00:00:00.000Z', 2)`).run(
        id,
        id,
        status,
      );
      db.prepare(
        "INSERT INTO eventual_history (execution_id, position, event) VALUES (?, ?, ?)",
      ).run(id, 0, JSON.stringify({ type: "WorkflowStarted", input: 1, timestamp: id }));
    }
    db.prepare(`INSERT INTO eventual_activities (execution_id, seq, name, args, workflow_name, policy,
        attempt, scheduled_time, available_at) VALUES ('wf~b', 0, 'step', '[1]', 'wf', '{}', 0, 1, 1)`).run();
    db.close();

    const store = SqliteStore.open(file);
    expect(await store.getHistory("wf~a")).toEqual([
      { type: "WorkflowStarted", input: 1, timestamp: "wf~a" },
    ]);
    expect(await store.getHistory("wf~b")).toEqual([
      { type: "WorkflowStarted", input: 1, timestamp: "wf~b" },
    ]);
    expect((await store.getExecution("wf~a"))?.status).toBe("SUCCEEDED");
    const [task, ...others] = await store.claimActivityTasks({
      owner: "node",
      now: 2,
      limit: 10,
      leaseMs: 1000,
    });
    expect(others).toEqual([]);
    expect(task).toMatchObject({
      executionId: "wf~b",
      seq: 0,
      name: "step",
      args: [1],
      attempt: 1,
    });
    // A new execution is keyed after the migrated ones, whatever its id.
    const created = { ...(await store.getExecution("wf~b"))!, id: "wf~0", name: "wf~0" };
    const started = { type: "WorkflowStarted", input: 1, timestamp: "wf~0" } as const;
    await store.commit([[{ type: "createExecution", execution: created, started }]]);
    await store.close();
    const after = openDatabase(file);
    expect(after.prepare("SELECT id FROM eventual_executions ORDER BY key").all()).toEqual([
      { id: "wf~b" },
      { id: "wf~a" },
      { id: "wf~0" },
    ]);
    after.close();
  });
});
