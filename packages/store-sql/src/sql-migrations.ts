import { readdirSync, readFileSync } from "node:fs";

/** A numbered schema change: `migrations/0001_initial.sql` is version 1. Never edited once shipped. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * The numbered migration files in `dir` (`0001_initial.sql`, `0002_….sql`), in order: what each
 * SQL store ships and applies at start.
 */
export function readMigrations(dir: URL): Migration[] {
  return readdirSync(dir)
    .filter((file) => /^\d+_.+\.sql$/.test(file))
    .map((file) => ({
      version: Number.parseInt(file, 10),
      name: file,
      sql: readFileSync(new URL(file, dir), "utf8"),
    }))
    .sort((a, b) => a.version - b.version);
}
