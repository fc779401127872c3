import { fileURLToPath } from "node:url";
import { PostgresCluster } from "@eventual/store-postgres/test-support";
import { afterAll, describe, expect, it } from "vitest";
import type { EventualProcess } from "./support/dev-server.js";
import { call } from "./support/http.js";
import { apiKey, logLines, startServe } from "./support/serve-node.js";
import { waitUntil } from "./support/wait-until.js";

const fixture = fileURLToPath(new URL("./fixtures/cluster/", import.meta.url));
const executions = 300;
const headers = { authorization: `Bearer ${apiKey}` };

describe("eventual serve when PostgreSQL restarts under load", () => {
  let cluster: PostgresCluster | undefined;
  const nodes: EventualProcess[] = [];

  afterAll(async () => {
    await Promise.all(nodes.map((node) => node.stop()));
    await cluster?.destroy();
  });

  it("reconnects, and every execution still completes", async () => {
    // A cluster of its own: restarting the run's shared one would break other test files.
    cluster = await PostgresCluster.start();
    for (const name of ["a", "b"]) {
      nodes.push(
        await startServe({
          entry: "index.ts",
          cwd: fixture,
          db: cluster.url,
          name,
          args: ["--lease", "2"],
        }),
      );
    }
    /** Starts (idempotent by name) are retried until the database answers again. */
    const start = async (n: number) => {
      for (;;) {
        const node = nodes[n % 2]!;
        const response = await call(
          node.url,
          "POST",
          "/_eventual/workflows/fiveSteps/executions",
          {
            input: n,
            executionName: `r-${n}`,
          },
          headers,
        ).catch(() => undefined);
        if (response?.status === 200) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    let started = 0;
    const starting = Promise.all(
      Array.from({ length: 20 }, async (_, client) => {
        for (let n = client; n < executions; n += 20) {
          await start(n);
          started++;
        }
      }),
    );
    await waitUntil(() => started >= executions / 3, 60_000);
    await cluster.stopServer();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await cluster.startServer();
    await starting;

    const succeeded = async () =>
      (
        await call(
          nodes[0]!.url,
          "GET",
          "/_eventual/executions?status=SUCCEEDED&limit=1000",
          undefined,
          headers,
        )
      ).body.executions.length;
    await waitUntil(
      async () => (await succeeded().catch(() => 0)) === executions,
      90_000,
      "not every execution completed",
    );
    for (let n = 0; n < executions; n += 37) {
      const execution = await call(
        nodes[1]!.url,
        "GET",
        `/_eventual/executions/fiveSteps~r-${n}`,
        undefined,
        headers,
      );
      expect(execution.body.result.value).toBe(n + 5);
    }
    // Both nodes saw the database go away, said so, and carried on.
    for (const node of nodes) {
      expect(logLines(node).some((line) => line.level === 50 || line.level === 40)).toBe(true);
    }
  }, 180_000);
});
