import { activity, workflow } from "@eventual/core";
import { Engine, MemoryStore } from "@eventual/engine";
import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changeEvents, changeFeed } from "../src/change-feed.js";
import type { Listener } from "../src/index.js";
import { listen, serviceApp } from "../src/index.js";

const double = activity("feed.double", async (n: number) => n * 2);
workflow("feed.twice", async (n: number) => double(await double(n)));

const apiKey = "feed-key";
const authorization = { authorization: `Bearer ${apiKey}` };

/** One message of an event stream: an event with its data, or a comment. */
interface Message {
  event?: string;
  data?: string;
  comment?: string;
}

/** A stream of `GET url` read as Server-Sent Events, as the dashboard reads it: with fetch. */
async function openFeed(url: string, headers: Record<string, string> = authorization) {
  const aborter = new AbortController();
  const response = await fetch(url, { headers, signal: aborter.signal });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const received: Message[] = [];
  let buffer = "";
  /** How the stream ended: read to its end, or broken off (by `disconnect`, or a reset). */
  let ended: "end" | "error" | undefined;
  const waiters = new Set<() => void>();
  const reading = (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) {
          ended = "end";
          break;
        }
        buffer += value;
        let at = buffer.indexOf("\n\n");
        while (at !== -1) {
          received.push(parse(buffer.slice(0, at)));
          buffer = buffer.slice(at + 2);
          at = buffer.indexOf("\n\n");
        }
        for (const waiter of waiters) waiter();
      }
    } catch {
      ended = "error";
    } finally {
      for (const waiter of waiters) waiter();
    }
  })();
  /** Waits until `test` holds of what was received, for at most `ms`. */
  const until = (test: () => boolean, ms = 10_000) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!test()) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`not received in time: ${JSON.stringify(received)}`));
      }, ms);
      waiters.add(check);
      check();
    });
  return {
    response,
    received,
    until,
    /** The execution ids of every `executions` message so far, message by message. */
    batches: () =>
      received
        .filter((m) => m.event === "executions")
        .map((m) => (JSON.parse(m.data!) as { executionIds: string[] }).executionIds),
    ended: () => ended,
    /** Resolves once the stream ended: by the server, or by `disconnect`. */
    done: () => reading,
    disconnect: async () => {
      aborter.abort();
      await reading;
    },
  };
}

function parse(block: string): Message {
  const message: Message = {};
  for (const line of block.split("\n")) {
    if (line.startsWith(":")) message.comment = line.slice(1).trim();
    else if (line.startsWith("event: ")) message.event = line.slice(7);
    else if (line.startsWith("data: ")) message.data = line.slice(6);
  }
  return message;
}

const listenerCounts = (engine: Engine) =>
  changeEvents.map((type) => engine.events.listenerCount(type));

async function waitFor(condition: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("the condition did not hold in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("GET /_eventual/changes over real HTTP", () => {
  let engine: Engine;
  let listener: Listener;
  let baseline: number[];
  const changes = () => `${listener.url}/_eventual/changes`;

  beforeAll(async () => {
    engine = new Engine({ store: new MemoryStore(), echoLogs: false });
    baseline = listenerCounts(engine);
    engine.start();
    listener = await listen(serviceApp({ engine, apiKey }), { port: 0 });
  });

  afterAll(async () => {
    await listener.close();
    await engine.stop();
  });

  const start = async (executionName: string) => {
    const response = await fetch(`${listener.url}/_eventual/workflows/feed.twice/executions`, {
      method: "POST",
      headers: { ...authorization, "content-type": "application/json" },
      body: JSON.stringify({ input: 3, executionName }),
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { executionId: string }).executionId;
  };

  it("says it is ready, then names each execution that changes", async () => {
    const feed = await openFeed(changes());
    try {
      expect(feed.response.status).toBe(200);
      expect(feed.response.headers.get("content-type")).toBe("text/event-stream");
      await feed.until(() => feed.received.length > 0);
      expect(feed.received[0]).toEqual({ event: "ready", data: "{}" });

      const first = await start("one");
      await feed.until(() => feed.batches().some((ids) => ids.includes(first)));
      const second = await start("two");
      await feed.until(() => feed.batches().some((ids) => ids.includes(second)));

      // Each message names an execution once, however many steps it took meanwhile.
      for (const ids of feed.batches()) expect(new Set(ids).size).toBe(ids.length);
      expect(new Set(feed.batches().flat())).toEqual(new Set([first, second]));
    } finally {
      await feed.disconnect();
    }
  });

  it("requires the API key, as the rest of the control API", async () => {
    const refused = await fetch(changes());
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: { code: "unauthorized" } });
  });

  it("removes its engine listeners when the client disconnects, one set for all streams", async () => {
    const feeds = await Promise.all([openFeed(changes()), openFeed(changes())]);
    for (const feed of feeds) await feed.until(() => feed.received.length > 0);
    // Open streams share one listener per engine event, whatever their number.
    expect(listenerCounts(engine)).toEqual(baseline.map((count) => count + 1));

    await feeds[0]!.disconnect();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(listenerCounts(engine)).toEqual(baseline.map((count) => count + 1));
    await feeds[1]!.disconnect();
    await waitFor(() => listenerCounts(engine).every((count, i) => count === baseline[i]));
  });
});

describe("the change feed's pace", () => {
  let engine: Engine;
  let listener: Listener;
  const announce = (executionId: string) =>
    engine.events.emit("activityCompleted", {
      executionId,
      seq: 0,
      name: "a",
      attempt: 1,
      outcome: "succeeded",
    });

  beforeAll(async () => {
    // Announced by hand: the engine does no work of its own here.
    engine = new Engine({ store: new MemoryStore(), echoLogs: false });
    const app = new Hono().get(
      "/changes",
      changeFeed(engine, { intervalMs: 300, keepAliveMs: 100 }),
    );
    listener = await listen(app, { port: 0 });
  });

  afterAll(() => listener.close());

  it("gathers the changes of an interval into one message, each id once, and is quiet without any", async () => {
    const feed = await openFeed(`${listener.url}/changes`, {});
    try {
      await feed.until(() => feed.received.some((m) => m.event === "ready"));
      announce("a");
      announce("b");
      announce("a");
      await feed.until(() => feed.batches().length === 1);
      // The next message waits out the interval: what changes meanwhile goes into it together.
      announce("c");
      await new Promise((resolve) => setTimeout(resolve, 30));
      announce("d");
      announce("c");
      await feed.until(() => feed.batches().length === 2);
      expect(feed.batches()).toEqual([
        ["a", "b"],
        ["c", "d"],
      ]);

      // Nothing changes: no message, only the comments that keep the connection open.
      const comments = feed.received.filter((m) => m.comment !== undefined).length;
      await feed.until(
        () => feed.received.filter((m) => m.comment !== undefined).length >= comments + 3,
      );
      expect(feed.batches()).toHaveLength(2);
      expect(feed.received.filter((m) => m.comment !== undefined)).toContainEqual({
        comment: "keep-alive",
      });
    } finally {
      await feed.disconnect();
    }
  });
});

describe("closing a server with a change feed open", () => {
  it("ends the stream, so that close() resolves", async () => {
    const engine = new Engine({ store: new MemoryStore(), echoLogs: false });
    const baseline = listenerCounts(engine);
    const listener = await listen(serviceApp({ engine }), { port: 0 });
    const feed = await openFeed(`${listener.url}/_eventual/changes`, {});
    await feed.until(() => feed.received.length > 0);
    expect(listenerCounts(engine)).not.toEqual(baseline);

    let closed = false;
    const closing = listener.close().then(() => {
      closed = true;
    });
    // At once: neither held by the stream nor by its connection, idle once the stream ended,
    // until the client's keep-alive (4 s for fetch) runs out.
    await waitFor(() => closed, 2_000);
    await closing;
    // The server ended the stream: the client read it to its end, not an error.
    await feed.done();
    expect(feed.ended()).toBe("end");
    expect(listenerCounts(engine)).toEqual(baseline);
  });
});
