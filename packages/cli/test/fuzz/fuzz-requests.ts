import fc from "fast-check";

/**
 * One request of the fuzz, as raw bytes on a connection of its own. `endAfterWrite` half-closes
 * the connection once the bytes are out, as a client that gives up halfway does.
 */
export interface FuzzRequest {
  kind: string;
  bytes: Buffer;
  endAfterWrite?: boolean;
}

/** The service the fuzz runs against: the durable fixture's workflows, signal and event. */
const unknownNames = ["missing", "hello ", "Ping2", "%00", "a".repeat(300), "%F0%9F%98%80"];
const knownIds = ["hello~f1", "approval~f1", "approval~f2", "threeSteps~f1"];

const mib = 1024 * 1024;

/** A request with a JSON-ish body and a Content-Length that matches it. */
function request(
  method: string,
  path: string,
  body?: string | Buffer,
  headers: string[] = [],
): Buffer {
  const payload = body === undefined ? Buffer.alloc(0) : Buffer.from(body);
  const head = [
    `${method} ${path} HTTP/1.1`,
    "Host: 127.0.0.1",
    "Connection: close",
    ...(body === undefined ? [] : ["Content-Type: application/json"]),
    ...(body === undefined ? [] : [`Content-Length: ${payload.length}`]),
    ...headers,
    "",
    "",
  ].join("\r\n");
  return Buffer.concat([Buffer.from(head, "latin1"), payload]);
}

const smallJson = fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value));
const name = fc.stringMatching(/^[A-Za-z0-9._-]{1,20}$/);
/** Nested arrays or objects, from a little to far past what JSON.stringify can write. */
const deepJson = fc
  .tuple(fc.integer({ min: 200, max: 20_000 }), fc.boolean())
  .map(([depth, arrays]) =>
    arrays
      ? `${"[".repeat(depth)}${"]".repeat(depth)}`
      : `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`,
  );

const valid = fc.oneof(
  fc
    .tuple(smallJson, fc.option(name, { nil: undefined }))
    .map(([input, executionName]) =>
      request(
        "POST",
        "/_eventual/workflows/hello/executions",
        `{"input":${input}${executionName ? `,"executionName":"${executionName}"` : ""}}`,
      ),
    ),
  fc.constantFrom(...knownIds).map((id) => request("GET", `/_eventual/executions/${id}`)),
  fc.constantFrom(...knownIds).map((id) => request("GET", `/_eventual/executions/${id}/history`)),
  fc.constant(request("GET", "/_eventual/executions?limit=5&order=desc")),
  fc
    .integer()
    .map((n) =>
      request("POST", "/_eventual/events", `{"events":[{"name":"Ping","event":{"n":${n}}}]}`),
    ),
  fc
    .boolean()
    .map((approved) =>
      request(
        "POST",
        `/_eventual/executions/approval~f2/signals`,
        `{"signal":"decision","payload":{"approved":${approved}}}`,
      ),
    ),
  fc
    .constantFrom("/_eventual/health", "/_eventual/service", "/_eventual/workflows", "/pings")
    .map((path) => request("GET", path)),
);

const malformedJson = fc
  .tuple(
    fc.constantFrom(
      "/_eventual/workflows/hello/executions",
      "/_eventual/events",
      "/_eventual/executions/approval~f1/signals",
      "/_eventual/activities/complete",
    ),
    fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes)),
      smallJson.map((json) => json.slice(0, Math.max(0, json.length - 1))),
      fc.constantFrom(
        "{",
        '{"input":',
        "[1,2",
        '{"input": 1,}',
        "NaN",
        "\u0000",
        '{"a":"\\ud800"}',
        "\ufeff{}",
      ),
    ),
  )
  .map(([path, body]) => request("POST", path, body));

const deeplyNested = fc
  .tuple(
    deepJson,
    fc.constantFrom(
      (json: string) => ["/_eventual/workflows/hello/executions", `{"input":${json}}`],
      (json: string) => ["/_eventual/events", `{"events":[{"name":"Ping","event":${json}}]}`],
      (json: string) => [
        "/_eventual/executions/approval~f1/signals",
        `{"signal":"decision","payload":${json}}`,
      ],
      (json: string) => ["/_eventual/activities/complete", `{"token":"x","result":${json}}`],
      (json: string) => ["/_eventual/workflows/hello/executions", json],
    ),
  )
  .map(([json, place]) => {
    const [path, body] = place(json);
    return request("POST", path!, body);
  });

const wrongTypes = fc
  .tuple(
    fc.constantFrom(
      ["/_eventual/workflows/hello/executions", ["input", "executionName", "extra"]],
      ["/_eventual/events", ["events"]],
      ["/_eventual/executions/approval~f1/signals", ["signal", "payload", "id"]],
      ["/_eventual/executions/approval~f1/cancel", ["reason"]],
      ["/_eventual/activities/complete", ["token", "result", "error"]],
      ["/_eventual/activities/heartbeat", ["token"]],
    ) as fc.Arbitrary<[string, string[]]>,
    fc.jsonValue({ maxDepth: 2 }),
  )
  .chain(([[path, keys], value]) =>
    fc
      .subarray(keys)
      .map((chosen) =>
        request(
          "POST",
          path,
          JSON.stringify(Object.fromEntries(chosen.map((key) => [key, value]))),
        ),
      ),
  );

const badQueries = fc
  .tuple(
    fc.constantFrom("limit", "order", "status", "workflow", "nextToken", "wait", "bogus"),
    fc.oneof(
      fc.string({ maxLength: 30 }).map(encodeURIComponent),
      fc.integer().map(String),
      fc.constantFrom("-1", "1e999", "NaN", "%", "%zz", "", "a&a=b"),
    ),
  )
  .map(([key, value]) =>
    key === "wait"
      ? request("POST", `/_eventual/workflows/hello/executions?wait=${value}`, "{}")
      : request("GET", `/_eventual/executions?${key}=${value}`),
  );

const unknownName = fc
  .constantFrom(...unknownNames)
  .chain((unknown) =>
    fc.constantFrom(
      request("POST", `/_eventual/workflows/${unknown}/executions`, "{}"),
      request(
        "POST",
        "/_eventual/events",
        JSON.stringify({ events: [{ name: unknown, event: {} }] }),
      ),
      request(
        "POST",
        "/_eventual/executions/approval~f1/signals",
        JSON.stringify({ signal: unknown, payload: 1 }),
      ),
      request("GET", `/${unknown}`),
    ),
  );

const oddIds = fc
  .tuple(
    fc.oneof(
      fc.string({ unit: "binary", maxLength: 40 }).map((id) => encodeURIComponent(id)),
      fc.constantFrom(
        "%00",
        "%2F",
        "..",
        "%2e%2e",
        "%E0%A4%A",
        "%",
        "~",
        "hello~",
        "a".repeat(5000),
        "%F0%9F%98%80",
        "hello~f1%00",
      ),
    ),
    fc.constantFrom("", "/history", "/logs", "/signals", "/cancel"),
  )
  .map(([id, suffix]) =>
    suffix === "/signals" || suffix === "/cancel"
      ? request(
          "POST",
          `/_eventual/executions/${id}${suffix}`,
          suffix === "/signals" ? '{"signal":"decision"}' : "{}",
        )
      : request("GET", `/_eventual/executions/${id}${suffix}`),
  );

const oversized = fc.oneof(
  fc.constant<FuzzRequest["bytes"]>(
    request("POST", "/_eventual/workflows/hello/executions", `{"input":"${"x".repeat(mib + 10)}"}`),
  ),
  fc.constant(request("GET", `/_eventual/executions?workflow=${"w".repeat(2 * mib)}`)),
  fc.constant(request("GET", "/_eventual/health", undefined, [`X-Big: ${"h".repeat(2 * mib)}`])),
  fc.constant(
    request(
      "GET",
      "/_eventual/health",
      undefined,
      Array.from({ length: 3000 }, (_, i) => `X-H${i}: v`),
    ),
  ),
  fc.constant(
    Buffer.from(
      `POST /_eventual/events HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n${`4000\r\n${"x".repeat(0x4000)}\r\n`.repeat(80)}0\r\n\r\n`,
    ),
  ),
  fc.constant(request("POST", "/pings", "x".repeat(mib + 1))),
);

/** Violations of HTTP itself: what Node's parser refuses before the service sees anything. */
const protocolErrors = fc.oneof(
  fc.constant<FuzzRequest>({
    kind: "protocol",
    bytes: Buffer.from(
      "POST /_eventual/events HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n",
    ),
  }),
  fc.constant<FuzzRequest>({
    kind: "protocol",
    bytes: Buffer.from(
      "POST /_eventual/events HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\nabc",
    ),
  }),
  fc.constant<FuzzRequest>({
    kind: "protocol",
    bytes: Buffer.from(
      'POST /_eventual/events HTTP/1.1\r\nHost: x\r\nContent-Length: 500\r\n\r\n{"events":',
    ),
    endAfterWrite: true,
  }),
  fc.constant<FuzzRequest>({
    kind: "protocol",
    bytes: Buffer.from(
      "POST /_eventual/events HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
    ),
  }),
  fc.constant<FuzzRequest>({
    kind: "protocol",
    bytes: Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"),
  }),
  fc.constant<FuzzRequest>({ kind: "protocol", bytes: Buffer.from("GARBAGE\r\n\r\n") }),
  fc.constant<FuzzRequest>({
    kind: "protocol",
    bytes: Buffer.from("GET / HTTP/1.1\r\nBad Header\r\n\r\n"),
  }),
  fc.constant<FuzzRequest>({
    kind: "protocol",
    bytes: Buffer.from("GET /\u0001 HTTP/1.1\r\nHost: x\r\n\r\n"),
  }),
  fc.constant<FuzzRequest>({
    kind: "protocol",
    bytes: Buffer.from(
      "POST /_eventual/events HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n",
    ),
    endAfterWrite: true,
  }),
  // Ended after writing: random bytes are often the start of a valid request ("T", "\r"), which
  // a server rightly waits to hear the rest of (until its headers timeout) while the socket is open.
  fc
    .uint8Array({ minLength: 1, maxLength: 300 })
    .map((bytes) => ({ kind: "protocol", bytes: Buffer.from(bytes), endAfterWrite: true })),
);

const methods = fc
  .tuple(
    fc.constantFrom("PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "FOO"),
    fc.constantFrom("/_eventual/health", "/_eventual/events", "/_eventual/executions", "/nope"),
  )
  .map(([method, path]) => request(method, path, method === "FOO" ? undefined : "{}"));

/**
 * Every kind of request the fuzz sends, weighted so that a fifth are valid. Each kind must be
 * answered below 500, on a connection closed cleanly.
 */
export const fuzzRequest: fc.Arbitrary<FuzzRequest> = fc.oneof(
  { weight: 20, arbitrary: valid.map((bytes) => ({ kind: "valid", bytes })) },
  { weight: 14, arbitrary: malformedJson.map((bytes) => ({ kind: "malformed JSON", bytes })) },
  { weight: 10, arbitrary: deeplyNested.map((bytes) => ({ kind: "deeply nested JSON", bytes })) },
  { weight: 14, arbitrary: wrongTypes.map((bytes) => ({ kind: "wrong types", bytes })) },
  { weight: 10, arbitrary: badQueries.map((bytes) => ({ kind: "bad query", bytes })) },
  { weight: 6, arbitrary: unknownName.map((bytes) => ({ kind: "unknown name", bytes })) },
  { weight: 12, arbitrary: oddIds.map((bytes) => ({ kind: "odd id", bytes })) },
  { weight: 5, arbitrary: oversized.map((bytes) => ({ kind: "oversized", bytes })) },
  { weight: 10, arbitrary: protocolErrors },
  { weight: 5, arbitrary: methods.map((bytes) => ({ kind: "method", bytes })) },
);
