export type { Migration } from "./migrate.js";
export { bundledMigrations, migrate } from "./migrate.js";
export { SqliteStore } from "./sqlite-store.js";
