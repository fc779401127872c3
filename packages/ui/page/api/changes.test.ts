import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ChangeFeed } from "./changes.js";

/** The feed's requests, answered in turn by `answers` (the last one repeats). */
function serve(...answers: (() => Response)[]) {
  const requests: RequestInit[] = [];
  vi.stubGlobal("fetch", async (_url: string, init: RequestInit) => {
    requests.push(init);
    return answers[Math.min(requests.length, answers.length) - 1]!();
  });
  return requests;
}

/** A change feed that says it is ready, names `ids` as changed, and stays open. */
const feed = (ids: string[]) => () =>
  new Response(
    new ReadableStream({
      start(controller) {
        const lines = `event: ready\ndata: {}\n\nevent: executions\ndata: ${JSON.stringify({ executionIds: ids })}\n\n`;
        controller.enqueue(new TextEncoder().encode(lines));
      },
    }),
  );

describe("ChangeFeed", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it("tells its listeners which executions changed, sending the API key in a header", async () => {
    const requests = serve(feed(["order~1", "order~2"]));
    const changes = new ChangeFeed("secret");
    const heard: string[][] = [];
    const stop = changes.listen((ids) => heard.push([...ids]));
    await vi.waitFor(() => expect(heard).toEqual([["order~1", "order~2"]]));
    expect(requests[0]!.headers).toEqual({ authorization: "Bearer secret" });
    stop();
  });

  it("connects again, with backoff, after the service drops it or fails", async () => {
    const requests = serve(
      () => new Response("down", { status: 503 }),
      () => new Response("down", { status: 503 }),
      feed(["order~1"]),
    );
    const changes = new ChangeFeed(undefined);
    const heard: string[][] = [];
    const stop = changes.listen((ids) => heard.push([...ids]));
    await vi.advanceTimersByTimeAsync(499);
    expect(requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_001);
    expect(requests).toHaveLength(3);
    await vi.waitFor(() => expect(heard).toEqual([["order~1"]]));
    stop();
  });

  it("stops asking once the service refuses its key, until a new feed has a new one", async () => {
    const requests = serve(() => new Response("no", { status: 401 }));
    const changes = new ChangeFeed("wrong");
    const stop = changes.listen(() => {});
    await vi.advanceTimersByTimeAsync(60_000);
    expect(requests).toHaveLength(1);
    stop();
  });
});
