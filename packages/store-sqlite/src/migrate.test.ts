import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "./database.js";
import { bundledMigrations, migrate } from "./migrate.js";

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
});
