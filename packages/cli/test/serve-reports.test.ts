import type { TestDatabase } from "@eventual/store-postgres/test-support";
import { createTestDatabase } from "@eventual/store-postgres/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EventualProcess } from "./support/dev-server.js";
import { call } from "./support/http.js";
import { cliServiceDir } from "./support/run-cli.js";
import { apiKey, logLines, startServe } from "./support/serve-node.js";

const headers = { authorization: `Bearer ${apiKey}` };

describe("eventual serve's log of what failed", () => {
  let database: TestDatabase;
  let node: EventualProcess;

  beforeAll(async () => {
    database = await createTestDatabase();
    node = await startServe({ entry: "index.ts", cwd: cliServiceDir, db: database.url });
  });

  afterAll(async () => {
    await node?.stop();
    await database?.drop();
  });

  it("logs each failed delivery attempt as a JSON line, the last as a dead letter", async () => {
    const event = { id: "s1", failures: 5 };
    const published = await call(
      node.url,
      "POST",
      "/_eventual/events",
      { events: [{ name: "Boom", event }] },
      headers,
    );
    expect(published.status).toBe(202);
    const failures = () => logLines(node).filter((line) => line.subscription === "explode");
    await expect.poll(failures, { timeout: 20_000 }).toHaveLength(2);
    const [retrying, dead] = failures();
    const common = {
      deliveryId: expect.any(String),
      subscription: "explode",
      eventName: "Boom",
      event,
      maxAttempts: 2,
    };
    expect(retrying).toMatchObject({
      ...common,
      level: 40,
      msg: "delivery failed; retrying",
      attempt: 1,
      error: { name: "Error", message: "boom s1 on try 1" },
      retryAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(dead).toMatchObject({
      ...common,
      level: 50,
      msg: "delivery failed; now a dead letter",
      attempt: 2,
      error: { name: "Error", message: "boom s1 on try 2" },
    });
    const listed = await call(node.url, "GET", "/_eventual/dead-letters", undefined, headers);
    expect(listed.body.deadLetters.map((d: { id: string }) => d.id)).toEqual([dead?.deliveryId]);
  });

  it("logs a workflow that fails with its name, its id and the error", async () => {
    await call(
      node.url,
      "POST",
      "/_eventual/workflows/doomed/executions",
      { input: "in production", executionName: "p1" },
      headers,
    );
    const failed = () => logLines(node).find((line) => line.msg === "workflow failed");
    await expect.poll(failed, { timeout: 20_000 }).toMatchObject({
      level: 50,
      executionId: "doomed~p1",
      workflowName: "doomed",
      error: { name: "Error", message: "doomed: in production" },
    });
  });
});
