import { rmSync } from "node:fs";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EventualProcess } from "../support/dev-server.js";
import { call } from "../support/http.js";
import { databaseOf, startFuzzedDev } from "./fuzz-dev-server.js";
import { runFuzz } from "./run-fuzz.js";

/** Fixed, so a failure here is the same failure on every machine: `npm run fuzz` varies it. */
const seed = 20261201;
const requests = 5_000;

describe("eventual dev under a fuzz of its HTTP API", () => {
  let dev: EventualProcess;
  let data: string;
  let port: number;
  beforeAll(async () => ({ dev, data, port } = await startFuzzedDev()));
  afterAll(async () => {
    await dev?.stop();
    if (data) rmSync(data, { recursive: true, force: true });
  });

  it("answers every request below 500 on a connection closed cleanly, and keeps running", async () => {
    const report = await runFuzz({ port, requests, seed });
    expect(report.failures, JSON.stringify(report.byKind, null, 1)).toEqual([]);
    expect(Object.keys(report.byKind).sort()).toEqual(
      [
        "deeply nested JSON",
        "malformed JSON",
        "method",
        "odd id",
        "oversized",
        "protocol",
        "unknown name",
        "valid",
        "wrong types",
        "bad query",
      ].sort(),
    );
    expect(dev.output()).not.toContain("The service stopped");
    // What clients did wrong is theirs: no stack trace of it in the host's output.
    expect(dev.output()).not.toMatch(/^\s+at /m);
  }, 180_000);

  it("still completes a valid start afterwards, and leaves an intact database", async () => {
    const started = await call(dev.url, "POST", "/_eventual/workflows/hello/executions?wait=30", {
      input: "after the fuzz",
    });
    expect(started.body.execution).toMatchObject({
      status: "SUCCEEDED",
      result: "hello after the fuzz",
    });
    expect(await dev.stop()).toBe(0);
    const db = new Database(databaseOf(data), { readonly: true });
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    db.close();
  });
});
