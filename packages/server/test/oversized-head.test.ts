import { request } from "node:http";
import { Engine, MemoryStore } from "@eventual/engine";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Listener } from "../src/index.js";
import { listen, serviceApp } from "../src/index.js";
import { parseAnswer, repeat, sendRaw, streamRequest } from "./raw-http.js";

const twoMiB = 2 * 1024 * 1024;
// Each run streams 2 MiB; the timeout catches a hang, not slowness.
const manyRuns = 180_000;

/** A GET through node:http's own client, which writes the whole head at once. */
function get(url: string, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; connection?: string; body: unknown }>((resolve, reject) => {
    const req = request(new URL(path, url), { headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        text += chunk;
      });
      res.on("error", reject);
      res.on("end", () => {
        const { body } = parseAnswer(`HTTP/1.1 ${res.statusCode}\r\n\r\n${text}`);
        resolve({ status: res.statusCode!, connection: res.headers.connection, body });
      });
    });
    req.on("error", reject);
    req.end();
  });
}

describe("a request whose URL or headers are over node:http's header limit", () => {
  let listener: Listener;
  const onError = vi.fn();
  beforeAll(async () => {
    const engine = new Engine({ store: new MemoryStore(), echoLogs: false, onError });
    listener = await listen(serviceApp({ engine }), { port: 0 });
  });
  afterAll(() => listener.close());

  it("gets 414 with the error body for a 2 MiB URL", async () => {
    const answer = await get(listener.url, `/_eventual/health?q=${"a".repeat(twoMiB)}`);
    expect(answer).toEqual({
      status: 414,
      connection: "close",
      body: {
        error: {
          code: "uri_too_long",
          message:
            "The request URL is too long: the URL and headers together must fit in 16384 bytes.",
        },
      },
    });
  });

  it("gets 431 with the error body for a 2 MiB header", async () => {
    const answer = await get(listener.url, "/_eventual/health", { "x-big": "a".repeat(twoMiB) });
    expect(answer).toEqual({
      status: 431,
      connection: "close",
      body: {
        error: {
          code: "headers_too_large",
          message:
            "The request headers are too large: the URL and headers together must fit in 16384 bytes.",
        },
      },
    });
  });

  it("answers a keep-alive request first, then 414 for a long URL behind it in one packet", async () => {
    const exchange = await sendRaw(
      listener.port,
      `GET /_eventual/health HTTP/1.1\r\nHost: x\r\n\r\nGET /_eventual/health?q=${"a".repeat(65_536)}`,
    );
    const [first = "", second = ""] = exchange.received.split(/(?=HTTP\/1\.1 )/);
    expect(parseAnswer(first)).toMatchObject({ status: 200, body: { ok: true } });
    expect(parseAnswer(second)).toMatchObject({
      status: 414,
      body: { error: { code: "uri_too_long" } },
    });
  });

  it(
    "answers 200 streamed 2 MiB URLs with 414 each, never with a reset",
    async () => {
      const outcomes = await repeat(200, () =>
        streamRequest(listener.port, {
          head: "GET /_eventual/health?q=",
          size: twoMiB,
          tail: " HTTP/1.1\r\nHost: x\r\n\r\n",
        }),
      );
      expect(outcomes).toEqual({ "414 uri_too_long, connection: close": 200 });
    },
    manyRuns,
  );

  it(
    "answers 200 streamed 2 MiB headers with 431 each, never with a reset",
    async () => {
      const outcomes = await repeat(200, () =>
        streamRequest(listener.port, {
          head: "GET /_eventual/health HTTP/1.1\r\nHost: x\r\nX-Big: ",
          size: twoMiB,
          tail: "\r\n\r\n",
        }),
      );
      expect(outcomes).toEqual({ "431 headers_too_large, connection: close": 200 });
    },
    manyRuns,
  );

  it("reports none of it as a failure of the service", () => {
    expect(onError).not.toHaveBeenCalled();
  });
});
