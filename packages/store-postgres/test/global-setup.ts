import type { TestProject } from "vitest/node";
import { PostgresCluster } from "./postgres-server.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** A PostgreSQL server the tests may create databases on. */
    postgresUrl: string;
  }
}

/**
 * Starts one private PostgreSQL cluster for the whole test run, unless
 * `EVENTUAL_TEST_POSTGRES_URL` names a server to use instead. Tests read its URL with
 * `inject("postgresUrl")` and create a database of their own on it.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | void> {
  const external = process.env.EVENTUAL_TEST_POSTGRES_URL;
  if (external) {
    project.provide("postgresUrl", external);
    return;
  }
  const cluster = await PostgresCluster.start();
  project.provide("postgresUrl", cluster.url);
  return () => cluster.destroy();
}
