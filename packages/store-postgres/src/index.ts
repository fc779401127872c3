export type { Migration } from "./migrate.js";
export { bundledMigrations, migrate } from "./migrate.js";
export type { PostgresStoreOptions } from "./postgres-store.js";
export { PostgresStore } from "./postgres-store.js";
