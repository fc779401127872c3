import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestDatabase } from "@eventual/store-postgres/test-support";
import { createTestDatabase } from "@eventual/store-postgres/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EventualProcess } from "./support/dev-server.js";
import { startDev } from "./support/dev-server.js";
import { call } from "./support/http.js";
import { apiKey, startServe } from "./support/serve-node.js";
import { waitUntil } from "./support/wait-until.js";

const fixture = fileURLToPath(new URL("./fixtures/durable/", import.meta.url));

/**
 * Nested 10,000 levels deep: 20 KB of JSON, deeper than V8's JSON.stringify can write, so the
 * bodies that hold it are written as text.
 */
const tooDeep = `${"[".repeat(10_000)}${"]".repeat(10_000)}`;

/** What a round sends at once: each poisoned request beside the valid ones it used to fail. */
function round(n: number): [method: string, path: string, body: unknown, valid: boolean][] {
  return [
    ["POST", "/_eventual/events", `{"events":[{"name":"Ping","event":${tooDeep}}]}`, false],
    ["POST", "/_eventual/workflows/hello/executions", `{"input":${tooDeep}}`, false],
    [
      "POST",
      `/_eventual/executions/approval~r${n}/signals`,
      `{"signal":"decision","payload":${tooDeep}}`,
      false,
    ],
    ...Array.from({ length: 8 }, (_, i) => {
      const start = { input: `r${n}-${i}`, executionName: `r${n}-${i}` };
      return ["POST", "/_eventual/workflows/hello/executions", start, true] as const;
    }),
    ["POST", "/_eventual/events", { events: [{ name: "Ping", event: { n } }] }, true],
  ] as [string, string, unknown, boolean][];
}

function poisonedBurst(
  store: string,
  start: () => Promise<{ node: EventualProcess; headers: Record<string, string> }>,
) {
  describe(`a burst of valid requests with poisoned ones, on ${store}`, () => {
    let node: EventualProcess;
    let headers: Record<string, string>;
    beforeAll(async () => ({ node, headers } = await start()));
    afterAll(() => node?.stop());

    it("answers every valid request 2xx and stores it, and every poisoned one 400", async () => {
      const rounds = 20;
      for (let n = 0; n < rounds; n++) {
        const approval = { input: { id: `r${n}` }, executionName: `r${n}` };
        await call(node.url, "POST", "/_eventual/workflows/approval/executions", approval, headers);
        const answers = await Promise.all(
          round(n).map(async ([method, path, body, valid]) => ({
            valid,
            ...(await call(node.url, method, path, body, headers)),
          })),
        );
        for (const answer of answers) {
          if (answer.valid) expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(300);
          else
            expect(answer).toMatchObject({ status: 400, body: { error: { code: "bad_request" } } });
        }
      }
      const helloCount = async () =>
        (
          await call(
            node.url,
            "GET",
            "/_eventual/executions?workflow=hello&status=SUCCEEDED&limit=1000",
            undefined,
            headers,
          )
        ).body.executions.length;
      await waitUntil(async () => (await helloCount()) === rounds * 8, 60_000);
      const pings = await call(node.url, "GET", "/pings");
      await waitUntil(
        async () => (await call(node.url, "GET", "/pings")).body.pings.length === rounds,
        60_000,
      );
      expect(pings.status).toBe(200);
      expect(node.output()).not.toMatch(/failed|Error/);
    });
  });
}

const data = mkdtempSync(join(tmpdir(), "eventual-poisoned-"));
afterAll(() => rmSync(data, { recursive: true, force: true }));
poisonedBurst("SQLite (eventual dev)", async () => ({
  node: await startDev({ entry: "index.ts", cwd: fixture, data }),
  headers: {},
}));

let database: TestDatabase | undefined;
afterAll(() => database?.drop());
poisonedBurst("PostgreSQL (eventual serve)", async () => {
  database = await createTestDatabase();
  return {
    node: await startServe({ entry: "index.ts", cwd: fixture, db: database.url }),
    headers: { authorization: `Bearer ${apiKey}` },
  };
});
