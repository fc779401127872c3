import type { Engine } from "@eventual/engine";
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import { serverClosing } from "./node-listener.js";

/** How often the feed may speak: tuned for a page, not for tests that would wait on it. */
export interface ChangeFeedOptions {
  /** The shortest time between two `executions` messages, in milliseconds (default 250). */
  intervalMs?: number;
  /** How often a comment keeps a quiet stream open through proxies, in milliseconds (default 15 s). */
  keepAliveMs?: number;
}

/** What the engine announces that changes an execution as a page shows it. */
export const changeEvents = [
  "workflowTask",
  "executionHeld",
  "executionReleased",
  "activityCompleted",
] as const;

/**
 * The handler of `GET /_eventual/changes`: a stream of Server-Sent Events that tells a page which
 * executions changed, so that it reads again only those. It sends `event: ready` once connected,
 * then, at most every `intervalMs`, one `event: executions` with
 * `data: {"executionIds":[…]}`: the distinct executions this engine worked on since the last
 * message, and nothing while none changed; a `: keep-alive` comment every `keepAliveMs`. It
 * carries this engine's changes only: another node's are not in it.
 *
 * The stream ends when the client goes away, or when the server that serves it closes
 * (`serverClosing`).
 *
 * @example
 * app.get("/changes", changeFeed(engine));
 */
export function changeFeed(
  engine: Engine,
  options: ChangeFeedOptions = {},
): (c: Context) => Response {
  const intervalMs = options.intervalMs ?? 250;
  const keepAliveMs = options.keepAliveMs ?? 15_000;
  const changes = new ExecutionChanges(engine);
  return (c) =>
    streamSSE(c, async (stream) => {
      const changed = new Set<string>();
      let lastSent = 0;
      let flushTimer: NodeJS.Timeout | undefined;
      /** A write the client has not taken yet: nothing more is queued behind it. */
      let writing = false;
      let ended = false;

      const write = async (text: string) => {
        writing = true;
        await stream.write(text);
        writing = false;
        if (changed.size > 0) schedule();
      };
      const flush = () => {
        flushTimer = undefined;
        if (ended || writing || changed.size === 0) return;
        const executionIds = [...changed];
        changed.clear();
        lastSent = Date.now();
        void write(`event: executions\ndata: ${JSON.stringify({ executionIds })}\n\n`);
      };
      const schedule = () => {
        if (ended || writing || flushTimer !== undefined) return;
        flushTimer = setTimeout(flush, Math.max(0, lastSent + intervalMs - Date.now()));
        flushTimer.unref();
      };
      const keepAlive = setInterval(() => {
        if (!ended && !writing) void write(": keep-alive\n\n");
      }, keepAliveMs);
      keepAlive.unref();
      const unsubscribe = changes.subscribe((executionId) => {
        changed.add(executionId);
        schedule();
      });

      const closing = serverClosing(c);
      let end = () => {};
      const over = new Promise<void>((resolve) => {
        end = resolve;
      });
      stream.onAbort(end);
      closing?.addEventListener("abort", end, { once: true });
      if (closing?.aborted || stream.aborted) end();
      try {
        await write("event: ready\ndata: {}\n\n");
        await over;
      } finally {
        ended = true;
        unsubscribe();
        clearTimeout(flushTimer);
        clearInterval(keepAlive);
        closing?.removeEventListener("abort", end);
      }
      // Returning closes the stream: the response ends, and its connection can close.
    });
}

/**
 * One set of engine listeners for every open stream, attached while at least one is open: each
 * stream adds no listener of its own to the engine, however many pages are open.
 */
class ExecutionChanges {
  readonly #engine: Engine;
  readonly #subscribers = new Set<(executionId: string) => void>();
  readonly #announce = ({ executionId }: { executionId: string }) => {
    for (const subscriber of this.#subscribers) subscriber(executionId);
  };

  constructor(engine: Engine) {
    this.#engine = engine;
  }

  /** Calls `subscriber` with each execution that changes, until the returned function is called. */
  subscribe(subscriber: (executionId: string) => void): () => void {
    if (this.#subscribers.size === 0) {
      for (const type of changeEvents) this.#engine.events.on(type, this.#announce);
    }
    this.#subscribers.add(subscriber);
    return () => {
      if (!this.#subscribers.delete(subscriber) || this.#subscribers.size > 0) return;
      for (const type of changeEvents) this.#engine.events.off(type, this.#announce);
    };
  }
}
