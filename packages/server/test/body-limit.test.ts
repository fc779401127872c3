import { request } from "node:http";
import { api, workflow } from "@eventual/core";
import { Engine, MemoryStore } from "@eventual/engine";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Listener } from "../src/index.js";
import { listen, serviceApp } from "../src/index.js";
import { repeat, streamRequest } from "./raw-http.js";

workflow("limits.echo", async (input: unknown) => input);
api.post("/echo", async (r) => ({ length: (await r.text()).length }));

/** Sends `size` bytes in chunks, with no Content-Length, as a streaming client does. */
function postChunked(url: string, path: string, size: number) {
  return new Promise<{ status: number; body: any }>((resolve, reject) => {
    const req = request(
      new URL(path, url),
      { method: "POST", headers: { "content-type": "application/json" } },
      (res) => {
        let text = "";
        res.on("data", (chunk) => {
          text += chunk;
        });
        res.on("end", () => resolve({ status: res.statusCode!, body: JSON.parse(text) }));
      },
    );
    req.on("error", reject);
    const body = JSON.stringify({ input: "x".repeat(size) });
    for (let at = 0; at < body.length; at += 16_384) req.write(body.slice(at, at + 16_384));
    req.end();
  });
}

describe("the body limit of a service's HTTP API", () => {
  let listener: Listener;
  beforeAll(async () => {
    const engine = new Engine({ store: new MemoryStore(), echoLogs: false });
    listener = await listen(serviceApp({ engine, bodyLimit: 64 * 1024 }), { port: 0 });
  });
  afterAll(() => listener.close());

  it("refuses a streamed body over the limit with 413, on control and own routes", async () => {
    for (const path of ["/_eventual/workflows/limits.echo/executions", "/echo"]) {
      const refused = await postChunked(listener.url, path, 100 * 1024);
      expect(refused).toEqual({
        status: 413,
        body: {
          error: {
            code: "payload_too_large",
            message: "The request body is larger than 65536 bytes.",
          },
        },
      });
    }
  });

  // Each run streams 2 MiB; the timeout catches a hang, not slowness.
  for (const path of ["/_eventual/workflows/limits.echo/executions", "/echo"]) {
    it(`answers 200 bodies of 2 MiB streamed to ${path} with 413 each, never with a reset`, async () => {
      const size = 2 * 1024 * 1024;
      const head = `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n`;
      const declared = await repeat(200, () =>
        streamRequest(listener.port, { head: `${head}Content-Length: ${size}\r\n\r\n`, size }),
      );
      const chunked = await repeat(200, () =>
        streamRequest(listener.port, {
          head: `${head}Transfer-Encoding: chunked\r\n\r\n`,
          size,
          frame: (piece) => `${piece.length.toString(16)}\r\n${piece}\r\n`,
          tail: "0\r\n\r\n",
        }),
      );
      expect({ declared, chunked }).toEqual({
        declared: { "413 payload_too_large, connection: close": 200 },
        chunked: { "413 payload_too_large, connection: close": 200 },
      });
    }, 180_000);
  }

  it("takes a streamed body under the limit", async () => {
    const started = await postChunked(
      listener.url,
      "/_eventual/workflows/limits.echo/executions",
      32 * 1024,
    );
    expect(started.status).toBe(200);
    expect(started.body.executionId).toMatch(/^limits\.echo~/);
  });
});
