import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crashLoop } from "@eventual/store-conformance/crash-loop";
import Database from "better-sqlite3";
import { describe, expect } from "vitest";
import { SqliteStore } from "../src/index.js";

describe("SQLite under crashes", () => {
  crashLoop("SqliteStore", {
    crashes: Number(process.env.EVENTUAL_CRASH_LOOP_CRASHES ?? 900),
    async create() {
      const dir = mkdtempSync(join(tmpdir(), "eventual-crash-loop-"));
      const file = join(dir, "eventual.db");
      return {
        open: async (crashPoint) => SqliteStore.open(file, { crashPoint }),
        // What a dead process lets go of: the file, for the next one to open.
        abandon: (store) => store.close(),
        async checkIntegrity() {
          const db = new Database(file, { readonly: true });
          try {
            expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
          } finally {
            db.close();
          }
        },
        drop: async () => rmSync(dir, { recursive: true, force: true }),
      };
    },
  });
});
