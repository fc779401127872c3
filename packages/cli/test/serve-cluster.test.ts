import { fileURLToPath } from "node:url";
import type { TestDatabase } from "@eventual/store-postgres/test-support";
import { createTestDatabase } from "@eventual/store-postgres/test-support";
import { afterAll, describe, expect, it } from "vitest";
import type { EventualProcess } from "./support/dev-server.js";
import { call } from "./support/http.js";
import { apiKey, startServe } from "./support/serve-node.js";
import { waitUntil } from "./support/wait-until.js";

const fixture = fileURLToPath(new URL("./fixtures/cluster/", import.meta.url));
const executions = 1000;
const headers = { authorization: `Bearer ${apiKey}` };

interface Outcome {
  value: number;
  ran: { node: string; attempt: number }[];
}

describe("three eventual serve nodes on one PostgreSQL database", () => {
  let database: TestDatabase;
  const nodes: EventualProcess[] = [];

  afterAll(async () => {
    await Promise.all(nodes.map((node) => node.stop()));
    await database?.drop();
  });

  it("complete every execution after one node is killed midway, each step once", async () => {
    database = await createTestDatabase();
    for (const name of ["a", "b", "c"]) {
      nodes.push(
        await startServe({
          entry: "index.ts",
          cwd: fixture,
          db: database.url,
          name,
          args: ["--lease", "2"],
        }),
      );
    }
    const [a, b, c] = nodes as [EventualProcess, EventualProcess, EventualProcess];
    const api = (node: EventualProcess, method: string, path: string, body?: unknown) =>
      call(node.url, method, path, body, headers);

    // Starts spread over the three nodes; the node that starts an execution runs it.
    let started = 0;
    const starting = Promise.all(
      Array.from({ length: 30 }, async (_, client) => {
        for (let n = client; n < executions; n += 30) {
          const node = nodes[n % 3]!;
          const response = await api(node, "POST", "/_eventual/workflows/fiveSteps/executions", {
            input: n,
            executionName: `e-${n}`,
          }).catch(() =>
            api(a, "POST", "/_eventual/workflows/fiveSteps/executions", {
              input: n,
              executionName: `e-${n}`,
            }),
          );
          expect(response.status).toBe(200);
          started++;
        }
      }),
    );
    await waitUntil(() => started >= executions / 2, 60_000);
    await b.crash();
    await starting;

    const succeeded = async () => {
      let count = 0;
      let nextToken: string | undefined;
      do {
        const query = `status=SUCCEEDED&limit=1000${nextToken ? `&nextToken=${nextToken}` : ""}`;
        const page = await api(c, "GET", `/_eventual/executions?${query}`);
        count += page.body.executions.length;
        nextToken = page.body.nextToken;
      } while (nextToken);
      return count;
    };
    await waitUntil(
      async () => (await succeeded()) === executions,
      120_000,
      "not every execution completed",
    );

    const ranBy = new Map<string, number>();
    let reruns = 0;
    for (let n = 0; n < executions; n++) {
      const id = `fiveSteps~e-${n}`;
      const execution = (await api(n % 2 ? a : c, "GET", `/_eventual/executions/${id}`)).body;
      const result = execution.result as Outcome;
      expect(result.value, id).toBe(n + 5);
      for (const step of result.ran) {
        ranBy.set(step.node, (ranBy.get(step.node) ?? 0) + 1);
        if (step.attempt > 1) reruns++;
      }
      const { events } = (await api(a, "GET", `/_eventual/executions/${id}/history`)).body as {
        events: { type: string; seq?: number }[];
      };
      const steps = events.filter((e) => e.seq !== undefined).map((e) => `${e.type}#${e.seq}`);
      expect(new Set(steps).size, id).toBe(steps.length);
      expect(events.filter((e) => e.type === "WorkflowSucceeded")).toHaveLength(1);
    }
    // Every node did part of the work, and the killed one's unfinished steps ran again elsewhere.
    expect([...ranBy.keys()].sort()).toEqual(["a", "b", "c"]);
    expect([...ranBy.values()].reduce((sum, count) => sum + count, 0)).toBe(executions * 5);
    console.log(
      `activities run by node: ${JSON.stringify(Object.fromEntries(ranBy))}; re-runs after the kill: ${reruns}`,
    );
  }, 240_000);
});
