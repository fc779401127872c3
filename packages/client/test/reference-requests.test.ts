/**
 * The ServiceClient called as the original Eventual's client reference page calls it: request
 * objects in, the original's response shapes out, over real HTTP.
 */
import { BadRequestError, ExecutionStatus } from "@eventual/core";
import { installServiceRuntime } from "@eventual/core/internal";
import { Engine, MemoryStore } from "@eventual/engine";
import type { Listener } from "@eventual/server";
import { listen, serviceApp } from "@eventual/server";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { ServiceClient } from "../src/index.js";
import { approval, approve, noted, notes, quote, tokens, waitsOutside } from "./service.js";

describe("ServiceClient with the reference page's request objects", () => {
  let engine: Engine;
  let listener: Listener;
  let client: ServiceClient;

  beforeAll(async () => {
    engine = new Engine({ store: new MemoryStore(), echoLogs: false });
    installServiceRuntime(engine);
    engine.start({ maxIdleMs: Infinity });
    listener = await listen(serviceApp({ engine }), { port: 0 });
    client = new ServiceClient({ url: listener.url });
  });

  afterAll(async () => {
    await listener.close();
    await engine.stop();
  });

  it("getWorkflows answers { workflows }", async () => {
    const response = await client.getWorkflows();
    expect(response.workflows.map((w) => w.name)).toContain("client.quote");
  });

  it("startExecution({ workflow, input }) returns a handle whose status is typed", async () => {
    const execution = await client.startExecution({
      workflow: quote,
      input: { item: "pen", qty: 2 },
    });
    expect(execution.alreadyRunning).toBe(false);
    await expect.poll(async () => (await execution.getStatus()).status).toBe("SUCCEEDED");
    const status = await execution.getStatus();
    expectTypeOf(status.result).toEqualTypeOf<{ item: string; total: number } | undefined>();
    expect(status.result).toEqual({ item: "pen", total: 4 });
  });

  it("starts a workflow given by name once per executionName, and signals it through the handle", async () => {
    const first = await client.startExecution({
      workflow: "client.approval",
      input: "b-1",
      executionName: "b-1",
    });
    const again = await client.startExecution({
      workflow: approval,
      input: "b-1",
      executionName: "b-1",
    });
    expect([first.executionId, first.alreadyRunning]).toEqual(["client.approval~b-1", false]);
    expect([again.executionId, again.alreadyRunning]).toEqual(["client.approval~b-1", true]);

    await again.sendSignal(approve, { by: "carol" });

    await expect.poll(async () => (await first.getStatus()).result).toBe("b-1 approved by carol");
  });

  it("sendSignal({ execution, signal, payload }) takes an id or a handle, a signal or its name", async () => {
    const byHandle = await client.startExecution({ workflow: approval, input: "b-2" });
    const byId = await client.startExecution({ workflow: approval, input: "b-3" });

    await client.sendSignal({ execution: byHandle, signal: approve, payload: { by: "ada" } });
    await client.sendSignal({
      execution: byId.executionId,
      signal: "client.approve",
      payload: { by: "grace" },
      id: "once",
    });

    await expect.poll(async () => (await byHandle.getStatus()).result).toBe("b-2 approved by ada");
    await expect.poll(async () => (await byId.getStatus()).result).toBe("b-3 approved by grace");
  });

  it("getExecutions({ statuses, workflowName, maxResults, sortDirection }) pages through matches", async () => {
    const waiting = await client.startExecution({ workflow: approval, input: "b-4" });
    const seen: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await client.getExecutions({
        workflowName: approval.workflowName,
        statuses: [ExecutionStatus.SUCCEEDED, ExecutionStatus.IN_PROGRESS],
        maxResults: 2,
        sortDirection: "Desc",
        nextToken,
      });
      expect(page.executions.length).toBeLessThanOrEqual(2);
      seen.push(...page.executions.map((e) => e.id));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(seen[0]).toBe(waiting.executionId);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(4);

    const inProgress = await client.getExecutions({
      workflowName: approval.workflowName,
      statuses: [ExecutionStatus.IN_PROGRESS],
    });
    expect(inProgress.executions.map((e) => e.id)).toEqual([waiting.executionId]);
    await expect(client.getExecutions({ sortDirection: "Sideways" as "ASC" })).rejects.toThrow(
      BadRequestError,
    );
  });

  it("getExecutionHistory({ executionId, maxResults, nextToken }) pages the history both ways", async () => {
    const execution = await client.startExecution({
      workflow: quote,
      input: { item: "cup", qty: 1 },
    });
    await expect.poll(async () => (await execution.getStatus()).status).toBe("SUCCEEDED");
    const whole = (await client.getHistory(execution.executionId)).map((e) => e.type);

    const pages: string[][] = [];
    let nextToken: string | undefined;
    do {
      const response = await client.getExecutionHistory({
        executionId: execution.executionId,
        maxResults: 3,
        nextToken,
      });
      pages.push(response.events.map((e) => e.type));
      nextToken = response.nextToken;
    } while (nextToken);
    expect(pages.map((page) => page.length)).toEqual([3, whole.length - 3]);
    expect(pages.flat()).toEqual(whole);

    const newest = await client.getExecutionHistory({
      executionId: execution.executionId,
      maxResults: 1,
      sortDirection: "DESC",
    });
    expect(newest.events.map((e) => e.type)).toEqual(["WorkflowSucceeded"]);
    const before = await client.getExecutionHistory({
      executionId: execution.executionId,
      sortDirection: "DESC",
      nextToken: newest.nextToken,
    });
    expect(before.events.map((e) => e.type)).toEqual(whole.slice(0, -1).reverse());
    expect(before.nextToken).toBeUndefined();

    await expect(
      client.getExecutionHistory({ executionId: execution.executionId, nextToken: "forged" }),
    ).rejects.toBeInstanceOf(BadRequestError);
  });

  it("keeps the history route's answer without a query: every event, no nextToken", async () => {
    const execution = await client.startExecution({
      workflow: quote,
      input: { item: "ink", qty: 1 },
    });
    await expect.poll(async () => (await execution.getStatus()).status).toBe("SUCCEEDED");
    const response = await fetch(
      `${listener.url}/_eventual/executions/${execution.executionId}/history`,
    );
    const body = (await response.json()) as { events: unknown[]; nextToken?: string };
    expect(Object.keys(body)).toEqual(["events"]);
    expect(body.events).toHaveLength((await client.getHistory(execution.executionId)).length);
  });

  it("publishEvents({ events }) publishes by name", async () => {
    await client.publishEvents({ events: [{ name: noted.name, event: { n: 41 } }] });
    await expect.poll(() => notes).toContain(41);
  });

  it("sendActivityFailure takes an Error, as the reference page passes one", async () => {
    const execution = await client.startExecution({ workflow: waitsOutside, input: undefined });
    await expect.poll(() => tokens.length).toBe(1);
    await client.sendActivityFailure({ activityToken: tokens[0]!, error: new Error("failure") });
    await expect
      .poll(async () => (await execution.getStatus()).error)
      .toEqual({ name: "Error", message: "failure" });
  });

  it("checks request objects against the declarations at compile time", () => {
    // Type tests: `tsc` fails if a line marked @ts-expect-error compiles.
    const typed = () => {
      // @ts-expect-error qty must be a number
      void client.startExecution({ workflow: quote, input: { item: "pen", qty: "3" } });
      // @ts-expect-error quote needs an input
      void client.startExecution({ workflow: quote });
      // @ts-expect-error the payload of approve is { by: string }
      void client.sendSignal({ execution: "x", signal: approve, payload: { by: 1 } });
      // @ts-expect-error statuses are ExecutionStatus values
      void client.getExecutions({ statuses: ["DONE"] });
    };
    expect(typed).toBeTypeOf("function");
  });
});
