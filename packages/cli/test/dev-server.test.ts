import { mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EventualProcess } from "./support/dev-server.js";
import { startDev } from "./support/dev-server.js";
import { call } from "./support/http.js";

const fixture = fileURLToPath(new URL("./fixtures/durable/", import.meta.url));

describe("eventual dev over real HTTP", () => {
  let dev: EventualProcess;
  let scratch: string;

  beforeAll(async () => {
    scratch = mkdtempSync(join(fixture, ".scratch-"));
    dev = await startDev({ entry: "index.ts", cwd: fixture, data: join(scratch, "data") });
  });

  afterAll(async () => {
    await dev?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  const api = (method: string, path: string, body?: unknown) => call(dev.url, method, path, body);

  it("prints its URL, its dashboard's and everything the service declares", () => {
    expect(dev.output()).toContain(`\n  ${dev.url}  data: `);
    expect(dev.output()).toContain(`\n  dashboard     ${dev.url}/_eventual/ui/\n`);
    expect(dev.output()).toContain("workflows     threeSteps, approval, hello, nap");
    expect(dev.output()).toContain("routes        GET /pings");
    expect(dev.output()).toContain("subscriptions recordPing (Ping)");
  });

  it("starts an execution and answers with it once it has completed", async () => {
    const started = await api("POST", "/_eventual/workflows/threeSteps/executions?wait=10", {
      input: 4,
    });
    expect(started.status).toBe(200);
    expect(started.body.alreadyRunning).toBe(false);
    expect(started.body.execution).toMatchObject({
      id: started.body.executionId,
      workflowName: "threeSteps",
      status: "SUCCEEDED",
      input: 4,
      result: 13,
    });
    const history = await api("GET", `/_eventual/executions/${started.body.executionId}/history`);
    expect(history.body.events.map((e: { type: string }) => e.type)).toEqual([
      "WorkflowStarted",
      "ActivityScheduled",
      "ActivitySucceeded",
      "ActivityScheduled",
      "ActivitySucceeded",
      "TimerScheduled",
      "TimerCompleted",
      "ActivityScheduled",
      "ActivitySucceeded",
      "WorkflowSucceeded",
    ]);
    for (const event of history.body.events) expect(Date.parse(event.timestamp)).toBeGreaterThan(0);
  });

  it("serves what the workflow and its activity printed, each line once", async () => {
    const done = await api("POST", "/_eventual/workflows/approval/executions", {
      input: { id: "l" },
    });
    const id = done.body.executionId;
    await api("POST", `/_eventual/executions/${id}/signals`, {
      signal: "decision",
      payload: { approved: true },
    });
    await api("POST", "/_eventual/workflows/approval/executions?wait=10", {
      executionName: id.split("~")[1],
    });
    const logs = await api("GET", `/_eventual/executions/${id}/logs`);
    expect(
      logs.body.logs.map((l: { level: string; message: string }) => [l.level, l.message]),
    ).toEqual([
      ["info", "waiting for a decision on l"],
      ["info", "decided: approved"],
    ]);
    expect(Date.parse(logs.body.logs[0].time)).toBeGreaterThan(0);
    const greeted = await api("POST", "/_eventual/workflows/hello/executions?wait=10", {
      input: "ada",
    });
    const activityLogs = await api("GET", `/_eventual/executions/${greeted.body.executionId}/logs`);
    expect(activityLogs.body.logs).toEqual([
      {
        time: expect.any(String),
        level: "info",
        source: "activity greet",
        message: "greeting ada",
      },
    ]);
    expect(dev.output()).toContain(`[${id}] decided: approved`);
  });

  it("lets a signal decide the outcome", async () => {
    const approved = await api("POST", "/_eventual/workflows/approval/executions", {
      input: { id: "a" },
    });
    const denied = await api("POST", "/_eventual/workflows/approval/executions", {
      input: { id: "b" },
    });
    const send = (id: string, payload: unknown) =>
      api("POST", `/_eventual/executions/${id}/signals`, { signal: "decision", payload });
    expect(await send(approved.body.executionId, { approved: true })).toEqual({
      status: 202,
      body: {},
    });
    await send(denied.body.executionId, { approved: false });
    const wait = (id: string) =>
      api("POST", "/_eventual/workflows/approval/executions?wait=10", {
        executionName: id.split("~")[1],
      });
    expect((await wait(approved.body.executionId)).body.execution.result).toBe("approved a");
    expect((await wait(denied.body.executionId)).body.execution.result).toBe("denied b");
  });

  it("runs a subscriber for a published event", async () => {
    expect(
      await api("POST", "/_eventual/events", { events: [{ name: "Ping", event: { n: 7 } }] }),
    ).toEqual({
      status: 202,
      body: {},
    });
    await expect.poll(async () => (await api("GET", "/pings")).body.pings).toEqual([7]);
  });

  it("starts an execution once per executionName", async () => {
    const first = await api("POST", "/_eventual/workflows/nap/executions", {
      input: 3600,
      executionName: "only-once",
    });
    const second = await api("POST", "/_eventual/workflows/nap/executions", {
      input: 3600,
      executionName: "only-once",
    });
    expect(first.body).toEqual({ executionId: "nap~only-once", alreadyRunning: false });
    expect(second.body).toEqual({ executionId: "nap~only-once", alreadyRunning: true });
    const listed = await api("GET", "/_eventual/executions?workflow=nap");
    expect(listed.body.executions.map((e: { id: string }) => e.id)).toEqual(["nap~only-once"]);
  });

  describe("refuses bad requests with the error body", () => {
    it("malformed JSON: 400", async () => {
      const response = await api("POST", "/_eventual/workflows/hello/executions", "{not json");
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe("bad_request");
      expect(response.body.error.message).toMatch(/^The request body is not valid JSON/);
    });

    it("unknown workflow: 404", async () => {
      expect(await api("POST", "/_eventual/workflows/nope/executions", {})).toEqual({
        status: 404,
        body: {
          error: { code: "not_found", message: 'Workflow "nope" is not declared by this service.' },
        },
      });
    });

    it("unknown execution: 404", async () => {
      for (const path of ["", "/history", "/logs"]) {
        const response = await api("GET", `/_eventual/executions/hello~missing${path}`);
        expect(response).toEqual({
          status: 404,
          body: {
            error: { code: "not_found", message: 'Execution "hello~missing" does not exist.' },
          },
        });
      }
    });

    it("a body over the limit: 413", async () => {
      const response = await api("POST", "/_eventual/workflows/hello/executions", {
        input: "x".repeat(1024 * 1024 + 1),
      });
      expect(response.status).toBe(413);
      expect(response.body.error).toEqual({
        code: "payload_too_large",
        message: "The request body is larger than 1048576 bytes.",
      });
    });

    it("an event violating its schema: 400, and nothing is delivered", async () => {
      const response = await api("POST", "/_eventual/events", {
        events: [{ name: "Ping", event: { n: "seven" } }],
      });
      expect(response.status).toBe(400);
      expect(response.body.error.code).toBe("bad_request");
      expect(response.body.error.message).toBe(
        'Event "Ping" does not match its schema: n: Invalid input: expected number, received string',
      );
      expect((await api("GET", "/pings")).body.pings).not.toContain("seven");
    });

    it("an event the service does not declare: 404, and nothing is delivered", async () => {
      const response = await api("POST", "/_eventual/events", {
        events: [
          { name: "Ping", event: { n: 99 } },
          { name: "Pong", event: {} },
        ],
      });
      expect(response).toEqual({
        status: 404,
        body: {
          error: { code: "not_found", message: 'Event "Pong" is not declared by this service.' },
        },
      });
      expect((await api("GET", "/pings")).body.pings).not.toContain(99);
    });

    it("a signal to an ended execution: 409", async () => {
      const done = await api("POST", "/_eventual/workflows/hello/executions?wait=10", {
        input: "x",
      });
      expect(done.body.execution.status).toBe("SUCCEEDED");
      const response = await api("POST", `/_eventual/executions/${done.body.executionId}/signals`, {
        signal: "decision",
      });
      expect(response).toEqual({
        status: 409,
        body: {
          error: { code: "conflict", message: `Execution "${done.body.executionId}" has ended.` },
        },
      });
    });

    it("unknown body keys and wrong types: 400 naming the field", async () => {
      const response = await api("POST", "/_eventual/workflows/hello/executions", {
        input: 1,
        executionNmae: "typo",
      });
      expect(response.status).toBe(400);
      expect(response.body.error.message).toContain("executionNmae");
      const wrongType = await api("POST", "/_eventual/executions/x~y/signals", { signal: 5 });
      expect(wrongType.status).toBe(400);
      expect(wrongType.body.error.message).toContain("signal");
    });
  });
});
