import { connect } from "node:net";
import { api } from "@eventual/core";
import { Engine, MemoryStore } from "@eventual/engine";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Listener } from "../src/index.js";
import { serviceApp } from "../src/index.js";
import { listenCounting, parseAnswer, sendRaw } from "./raw-http.js";

api.post("/protocol/echo", async (r) => ({ length: (await r.text()).length }));

/** Requests node:http starts handing to the app and then fails to parse. */
const broken = [
  {
    what: "Transfer-Encoding: gzip",
    request: (path: string) =>
      `POST ${path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\nabc`,
    reason: "HPE_INVALID_TRANSFER_ENCODING",
    endsEarly: false,
  },
  {
    what: "a bad chunk size",
    request: (path: string) =>
      `POST ${path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n`,
    reason: "HPE_INVALID_CHUNK_SIZE",
    endsEarly: false,
  },
  {
    what: "a body cut short by the client closing its side",
    request: (path: string) =>
      `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"events":`,
    reason: "HPE_INVALID_EOF_STATE",
    endsEarly: true,
  },
];

/** Sends the head and part of the body, then resets the connection. */
function abortMidBody(port: number, path: string): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: "127.0.0.1" });
    socket.on("error", () => {});
    socket.on("close", () => resolve());
    socket.write(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{"ev`, () =>
      socket.resetAndDestroy(),
    );
  });
}

describe("requests that break HTTP/1.1", () => {
  let listener: Listener;
  let finished: (count: number) => Promise<void>;
  let reached = 0;
  const onError = vi.fn();
  beforeAll(async () => {
    const engine = new Engine({ store: new MemoryStore(), echoLogs: false, onError });
    ({ listener, finished } = await listenCounting(serviceApp({ engine })));
  });
  afterAll(() => listener.close());

  for (const route of ["/_eventual/events", "/protocol/echo"]) {
    for (const { what, request, reason, endsEarly } of broken) {
      it(`answers ${what} on ${route} with 400, reporting no failure`, async () => {
        onError.mockClear();
        const exchange = await sendRaw(listener.port, request(route), endsEarly);
        // The app saw the request start; once it is done with it, nothing more can be reported.
        await finished(++reached);
        expect({
          error: exchange.error,
          answer: parseAnswer(exchange.received),
          reported: onError.mock.calls.map(([error, during]) => `${during}: ${error}`),
        }).toEqual({
          error: undefined,
          answer: {
            status: 400,
            headers: expect.objectContaining({ connection: "close" }),
            body: {
              error: {
                code: "bad_request",
                message: expect.stringContaining(`The request is not valid HTTP/1.1 (${reason}`),
              },
            },
          },
          reported: [],
        });
      });
    }
  }

  for (const route of ["/_eventual/events", "/protocol/echo"]) {
    it(`reports no failure when the client resets the connection mid-body on ${route}`, async () => {
      onError.mockClear();
      await abortMidBody(listener.port, route);
      await finished(++reached);
      expect(onError.mock.calls.map(([error, during]) => `${during}: ${error}`)).toEqual([]);
    });
  }

  it("answers a request line that is not HTTP with 400", async () => {
    const exchange = await sendRaw(listener.port, "GARBAGE\r\n\r\n");
    expect(exchange.error).toBeUndefined();
    expect(parseAnswer(exchange.received)).toMatchObject({
      status: 400,
      body: { error: { code: "bad_request" } },
    });
    expect(onError).not.toHaveBeenCalled();
  });
});
