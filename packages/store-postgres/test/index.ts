/** What tests of other packages use to run against PostgreSQL: `@eventual/store-postgres/test-support`. */
export { PostgresCluster } from "./postgres-server.js";
export type { TestDatabase } from "./test-database.js";
export { createTestDatabase } from "./test-database.js";
