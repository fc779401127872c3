import { fileURLToPath } from "node:url";
import type { TestDatabase } from "@eventual/store-postgres/test-support";
import { createTestDatabase } from "@eventual/store-postgres/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EventualProcess } from "./support/dev-server.js";
import { runEventual } from "./support/dev-server.js";
import { call } from "./support/http.js";
import { apiKey, logLines, startServe } from "./support/serve-node.js";

const fixture = fileURLToPath(new URL("./fixtures/durable/", import.meta.url));
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

/** Every control route, with a body where it takes one. */
const controlRoutes: [string, string, unknown?][] = [
  ["GET", "/_eventual/service"],
  ["GET", "/_eventual/workflows"],
  ["POST", "/_eventual/workflows/hello/executions", { input: "x" }],
  ["GET", "/_eventual/executions"],
  ["GET", "/_eventual/executions/hello~x"],
  ["GET", "/_eventual/executions/hello~x/history"],
  ["GET", "/_eventual/executions/hello~x/logs"],
  ["POST", "/_eventual/executions/hello~x/signals", { signal: "s" }],
  ["POST", "/_eventual/executions/hello~x/cancel", {}],
  ["GET", "/_eventual/logs"],
  ["POST", "/_eventual/events", { events: [{ name: "Ping", event: { n: 1 } }] }],
  ["GET", "/_eventual/dead-letters"],
  ["POST", "/_eventual/dead-letters/d/redrive"],
  ["POST", "/_eventual/activities/complete", { token: "t", result: 1 }],
  ["POST", "/_eventual/activities/heartbeat", { token: "t" }],
];

describe("eventual serve", () => {
  let database: TestDatabase;
  let node: EventualProcess;

  beforeAll(async () => {
    database = await createTestDatabase();
    node = await startServe({ entry: "index.ts", cwd: fixture, db: database.url });
  });

  afterAll(async () => {
    await node?.stop();
    await database?.drop();
  });

  it("requires the API key on every control route but health, and leaves the service's own routes open", async () => {
    for (const [method, path, body] of controlRoutes) {
      for (const headers of [{}, bearer("wrong"), { authorization: "Basic abc" }]) {
        const refused = await call(node.url, method, path, body, headers);
        expect(refused.status, `${method} ${path}`).toBe(401);
        expect(refused.body.error.code).toBe("unauthorized");
      }
    }
    expect(await call(node.url, "GET", "/_eventual/health")).toEqual({
      status: 200,
      body: { ok: true },
    });
    expect((await call(node.url, "GET", "/pings")).status).toBe(200);
    const started = await call(
      node.url,
      "POST",
      "/_eventual/workflows/hello/executions?wait=10",
      { input: "ada" },
      bearer(apiKey),
    );
    expect(started.body.execution).toMatchObject({ status: "SUCCEEDED", result: "hello ada" });
  });

  it("logs JSON lines, the service's own console output among them", async () => {
    await expect.poll(() => logLines(node).some((line) => line.msg === "greeting ada")).toBe(true);
    const [serving] = logLines(node).filter((line) => line.msg === "serving");
    expect(serving).toMatchObject({ level: 30, service: "@eventual/cli", url: node.url });
    expect(serving?.db).toMatch(/^postgres:\/\//);
    const greeting = logLines(node).find((line) => line.msg === "greeting ada");
    expect(greeting).toMatchObject({
      source: "activity greet",
      executionId: expect.stringMatching(/^hello~/),
    });
  });

  it("stops gracefully on SIGTERM, exiting 0", async () => {
    const other = await startServe({ entry: "index.ts", cwd: fixture, db: database.url });
    expect(await other.stop()).toBe(0);
    expect(logLines(other).map((line) => line.msg)).toEqual(
      expect.arrayContaining(["shutting down", "stopped"]),
    );
  });

  it("refuses to start without a database or, serving HTTP, without an API key", async () => {
    const run = async (args: string[], env: Record<string, string>) => {
      const child = runEventual(["serve", "index.ts", ...args], { cwd: fixture, env });
      const code = await new Promise<number | null>((resolve) => child.child.once("exit", resolve));
      return { code, output: child.output() };
    };
    const noDb = await run([], { EVENTUAL_API_KEY: apiKey, EVENTUAL_DATABASE_URL: "" });
    expect(noDb).toEqual({
      code: 2,
      output:
        "eventual: eventual serve needs a database: --db postgres://… or EVENTUAL_DATABASE_URL.\n",
    });
    const noKey = await run(["--db", database.url], { EVENTUAL_API_KEY: "" });
    expect(noKey.code).toBe(2);
    expect(noKey.output).toContain("set EVENTUAL_API_KEY (or pass --no-http)");
  });

  it("runs as a worker with --no-http, needing no key", async () => {
    const worker = await startServe({
      entry: "index.ts",
      cwd: fixture,
      db: database.url,
      args: ["--no-http"],
      env: { EVENTUAL_API_KEY: "" },
    });
    expect(logLines(worker).some((line) => line.msg === "working (no HTTP)")).toBe(true);
    await worker.stop();
  });
});
