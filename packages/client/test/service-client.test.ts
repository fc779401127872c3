import { once } from "node:events";
import { createServer } from "node:net";
import type { DeadLetter } from "@eventual/core";
import {
  BadRequestError,
  ConflictError,
  NotFoundError,
  ServiceUnreachableError,
  UnauthorizedError,
} from "@eventual/core";
import { installServiceRuntime } from "@eventual/core/internal";
import { Engine, MemoryStore } from "@eventual/engine";
import type { Listener } from "@eventual/server";
import { listen, serviceApp } from "@eventual/server";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { ServiceClient } from "../src/index.js";
import {
  approval,
  approve,
  flaky,
  flakyState,
  noted,
  notes,
  quote,
  tokens,
  waitsOutside,
} from "./service.js";

describe("ServiceClient against a service over real HTTP", () => {
  let engine: Engine;
  let listener: Listener;
  let client: ServiceClient;

  beforeAll(async () => {
    engine = new Engine({ store: new MemoryStore(), serviceName: "shop", echoLogs: false });
    installServiceRuntime(engine);
    engine.start({ maxIdleMs: Infinity });
    listener = await listen(serviceApp({ engine }), { port: 0 });
    client = new ServiceClient({ url: listener.url });
  });

  afterAll(async () => {
    await listener.close();
    await engine.stop();
  });

  it("reaches a service of an app by its name, from EVENTUAL_SERVICE_URL_<NAME>", async () => {
    expect(() => new ServiceClient({ service: "shop-service" })).toThrow(
      'No URL is known for service "shop-service": set EVENTUAL_SERVICE_URL_SHOP_SERVICE, or pass the service\'s url.',
    );
    process.env.EVENTUAL_SERVICE_URL_SHOP_SERVICE = listener.url;
    try {
      const byName = new ServiceClient({ service: "shop-service" });
      expect((await byName.getService()).name).toBe("shop");
    } finally {
      delete process.env.EVENTUAL_SERVICE_URL_SHOP_SERVICE;
    }
  });

  it("describes the service and its workflows", async () => {
    const service = await client.getService();
    expect(service.name).toBe("shop");
    expect(service.workflows.map((w) => w.name)).toEqual([
      "client.quote",
      "client.approval",
      "client.waitsOutside",
    ]);
    expect(await client.listWorkflows()).toEqual(service.workflows.map(({ name }) => ({ name })));
  });

  it("starts a typed execution, waits for it, and reads it back", async () => {
    const started = await client.startExecution(quote, { item: "pen", qty: 3 }, { wait: 10 });
    expectTypeOf(started.execution!.result).toEqualTypeOf<
      { item: string; total: number } | undefined
    >();
    expect(started.execution).toMatchObject({
      status: "SUCCEEDED",
      result: { item: "pen", total: 6 },
    });
    const execution = await client.getExecution(started.executionId);
    expect(execution).toEqual(started.execution);
    const history = await client.getHistory(started.executionId);
    expect(history.map((e) => e.type)).toEqual([
      "WorkflowStarted",
      "ActivityScheduled",
      "ActivitySucceeded",
      "WorkflowSucceeded",
    ]);
  });

  it("starts once per execution name", async () => {
    const first = await client.startExecution(approval, "a-1", { executionName: "a-1" });
    const again = await client.startExecution("client.approval", "a-1", { executionName: "a-1" });
    expect(first).toEqual({ executionId: "client.approval~a-1", alreadyRunning: false });
    expect(again).toEqual({ executionId: "client.approval~a-1", alreadyRunning: true });
  });

  it("sends a typed signal, then refuses one to the ended execution with ConflictError", async () => {
    const { executionId } = await client.startExecution(approval, "a-2");
    await client.sendSignal(executionId, approve, { by: "carol" });
    const done = await client.startExecution(approval, "a-2", {
      executionName: executionId.split("~")[1],
      wait: 10,
    });
    expect(done.execution?.result).toBe("a-2 approved by carol");
    const logs = await client.getLogs(executionId);
    expect(logs.map((l) => [l.source, l.message])).toEqual([["workflow", "approval a-2 waiting"]]);
    const late = client.sendSignal(executionId, approve, { by: "dave" });
    await expect(late).rejects.toBeInstanceOf(ConflictError);
    await expect(late).rejects.toMatchObject({ code: "conflict", status: 409 });
  });

  it("lists executions by workflow and status, page by page", async () => {
    for (const n of [1, 2, 3])
      await client.startExecution(quote, { item: "cup", qty: n }, { wait: 10 });
    const seen: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await client.listExecutions({
        workflow: quote,
        status: "SUCCEEDED",
        limit: 2,
        nextToken,
      });
      seen.push(...page.executions.map((e) => e.id));
      nextToken = page.nextToken;
    } while (nextToken);
    expect(seen).toHaveLength(4);
    expect(new Set(seen).size).toBe(4);
    const newest = await client.listExecutions({
      workflow: "client.quote",
      order: "desc",
      limit: 1,
    });
    expect(newest.executions[0]?.input).toEqual({ item: "cup", qty: 3 });
  });

  it("cancels an execution", async () => {
    const { executionId } = await client.startExecution(approval, "a-3");
    await client.cancelExecution(executionId, "no longer needed");
    await expect
      .poll(async () => (await client.getExecution(executionId)).status)
      .toBe("CANCELLED");
  });

  it("publishes typed events and events by name", async () => {
    await client.publishEvents(noted, { n: 1 }, { n: 2 });
    await client.publishEvents([{ name: noted.name, event: { n: 3 } }]);
    await expect.poll(() => [...notes].sort()).toEqual([1, 2, 3]);
  });

  it("completes and heartbeats an activity from outside", async () => {
    const { executionId } = await client.startExecution(waitsOutside, undefined);
    await expect.poll(() => tokens.length).toBe(1);
    expect(await client.sendActivityHeartbeat({ activityToken: tokens[0]! })).toEqual({
      cancelled: false,
    });
    await client.sendActivitySuccess({ activityToken: tokens[0]!, result: "done outside" });
    await expect
      .poll(async () => (await client.getExecution(executionId)).result)
      .toBe("done outside");
    expect(await client.sendActivityHeartbeat({ activityToken: tokens[0]! })).toEqual({
      cancelled: true,
    });

    const failing = await client.startExecution(waitsOutside, undefined);
    await expect.poll(() => tokens.length).toBe(2);
    await client.sendActivityFailure({
      activityToken: tokens[1]!,
      error: "Rejected",
      message: "no",
    });
    await expect
      .poll(async () => (await client.getExecution(failing.executionId)).error)
      .toEqual({ name: "Rejected", message: "no" });
  });

  it("lists dead letters page by page, and redrives them", async () => {
    await client.publishEvents(flaky, { n: 1 }, { n: 2 });
    await expect.poll(async () => (await client.listDeadLetters()).deadLetters.length).toBe(2);
    const first = await client.listDeadLetters({ limit: 1 });
    expectTypeOf(first.deadLetters).toEqualTypeOf<DeadLetter[]>();
    expect(first.nextToken).toEqual(expect.any(String));
    const second = await client.listDeadLetters({ limit: 1, nextToken: first.nextToken });
    expect(second.nextToken).toBeUndefined();
    const dead = [...first.deadLetters, ...second.deadLetters];
    expect(dead.map((letter) => letter.event)).toEqual(
      expect.arrayContaining([{ n: 1 }, { n: 2 }]),
    );
    const n = (dead[0]!.event as { n: number }).n;
    expect(dead[0]).toEqual({
      id: expect.any(String),
      subscription: "client.flakySubscriber",
      eventName: "client.Flaky",
      event: { n },
      attempts: 1,
      error: { name: "Error", message: `flaky ${n}` },
      // Where the subscriber threw: its line in the test service.
      stack: expect.stringMatching(
        new RegExp(`^Error: flaky ${n}\n\\s+at .*test/service\\.ts:\\d+`),
      ),
      publishedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });

    flakyState.failing = false;
    for (const letter of dead) await client.redriveDeadLetter(letter.id);
    await expect.poll(() => [...flakyState.delivered].sort()).toEqual([1, 2]);
    expect((await client.listDeadLetters()).deadLetters).toEqual([]);
    await expect(client.redriveDeadLetter(dead[0]!.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(client.listDeadLetters({ nextToken: "forged" })).rejects.toBeInstanceOf(
      BadRequestError,
    );
  });

  it("reads the service's logs across executions, by workflow and time", async () => {
    const { executionId } = await client.startExecution(approval, "a-logs");
    await expect
      .poll(async () => (await client.getServiceLogs({ workflow: approval.workflowName })).length)
      .toBeGreaterThan(0);
    const logs = await client.getServiceLogs({ workflow: "client.approval" });
    expect(logs).toContainEqual({
      time: expect.any(String),
      level: "info",
      source: "workflow",
      message: "approval a-logs waiting",
      executionId,
    });
    expect(logs.every((line) => line.executionId?.startsWith("client.approval~"))).toBe(true);
    expect(await client.getServiceLogs({ workflow: "client.quote" })).toEqual([]);
    expect(await client.getServiceLogs({ since: "2999-01-01T00:00:00Z" })).toEqual([]);
    expect(await client.getServiceLogs({ limit: 1 })).toHaveLength(1);
    await expect(client.getServiceLogs({ since: "yesterday" })).rejects.toBeInstanceOf(
      BadRequestError,
    );
  });

  it("throws the control API's errors as classes with their code", async () => {
    await expect(client.getExecution("client.quote~missing")).rejects.toThrow(
      new NotFoundError('Execution "client.quote~missing" does not exist.'),
    );
    await expect(client.startExecution("nope")).rejects.toBeInstanceOf(NotFoundError);
    await expect(client.publishEvents([{ name: "", event: 1 }])).rejects.toBeInstanceOf(
      BadRequestError,
    );
    await expect(client.listExecutions({ nextToken: "forged" })).rejects.toMatchObject({
      code: "bad_request",
    });
  });

  it("checks inputs and payloads against the declarations at compile time", () => {
    // Type tests: `tsc` fails if a line marked @ts-expect-error compiles.
    const typed = () => {
      // @ts-expect-error qty must be a number
      void client.startExecution(quote, { item: "pen", qty: "3" });
      // @ts-expect-error the input is missing a field
      void client.startExecution(quote, { item: "pen" });
      // @ts-expect-error the payload of approve is { by: string }
      void client.sendSignal("x", approve, { by: 1 });
      // @ts-expect-error events of Noted have a numeric n
      void client.publishEvents(noted, { n: "1" });
    };
    expect(typed).toBeTypeOf("function");
  });
});

describe("ServiceClient and the API key", () => {
  it("sends its key, and a missing or wrong one is refused with UnauthorizedError", async () => {
    const engine = new Engine({ store: new MemoryStore(), echoLogs: false });
    const listener = await listen(serviceApp({ engine, apiKey: "s3cret" }), { port: 0 });
    try {
      const workflows = await new ServiceClient({
        url: listener.url,
        apiKey: "s3cret",
      }).listWorkflows();
      expect(workflows.length).toBeGreaterThan(0);
      for (const apiKey of [undefined, "wrong"]) {
        const refused = new ServiceClient({ url: listener.url, apiKey }).listWorkflows();
        await expect(refused).rejects.toBeInstanceOf(UnauthorizedError);
      }
    } finally {
      await listener.close();
    }
  });
});

describe("ServiceClient when the service cannot be reached", () => {
  it("retries idempotent calls with backoff, then throws ServiceUnreachableError", async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const client = new ServiceClient({ url, retry: { attempts: 3, initialDelayMs: 50 } });
    const started = performance.now();
    const failure = await client.getExecution("x~y").catch((error) => error);
    expect(failure).toBeInstanceOf(ServiceUnreachableError);
    expect(failure.message).toBe(`Cannot reach ${url}: ECONNREFUSED.`);
    expect(performance.now() - started).toBeGreaterThanOrEqual(150); // 50 + 100 ms of backoff
  });

  it("does not retry a call that is not safe to repeat", async () => {
    let calls = 0;
    const client = new ServiceClient({
      url: "http://service.test",
      retry: { attempts: 5, initialDelayMs: 1 },
      fetch: async () => {
        calls++;
        throw new TypeError("fetch failed", { cause: { code: "ECONNRESET" } });
      },
    });
    await expect(client.startExecution("w", 1)).rejects.toThrow(
      "Cannot reach http://service.test: ECONNRESET.",
    );
    expect(calls).toBe(1);
    await expect(client.startExecution("w", 1, { executionName: "once" })).rejects.toBeInstanceOf(
      ServiceUnreachableError,
    );
    expect(calls).toBe(6);
  });

  it("reaches a service that comes up while it retries", async () => {
    let failuresLeft = 2;
    const client = new ServiceClient({
      url: "http://service.test",
      retry: { initialDelayMs: 1 },
      fetch: async (input, init) => {
        if (failuresLeft-- > 0)
          throw new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } });
        expect(String(input)).toBe("http://service.test/_eventual/workflows");
        expect(init?.method).toBe("GET");
        return Response.json({ workflows: [{ name: "w" }] });
      },
    });
    expect(await client.listWorkflows()).toEqual([{ name: "w" }]);
  });
});

/** A loopback port that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, "close");
  return port;
}
