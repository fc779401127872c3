import { request } from "node:http";
import { api, workflow } from "@eventual/core";
import { Engine, MemoryStore } from "@eventual/engine";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Listener } from "../src/index.js";
import { listen, serviceApp } from "../src/index.js";

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
