import { mkdtempSync, rmSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import type { NodeInfo } from "@eventual/core";
import { Engine, MemoryStore } from "@eventual/engine";
import { SqliteStore } from "@eventual/store-sqlite";
import { afterEach, describe, expect, it, vi } from "vitest";
import { serviceApp } from "../src/index.js";

const isoTime = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** `GET /_eventual/nodes` as the engine's own app answers it. */
async function nodesOf(engine: Engine): Promise<NodeInfo[]> {
  const response = await serviceApp({ engine }).request("/_eventual/nodes");
  expect(response.status).toBe(200);
  return ((await response.json()) as { nodes: NodeInfo[] }).nodes;
}

describe("GET /_eventual/nodes", () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it("lists none for an engine that was not started", async () => {
    const engine = new Engine({ store: new MemoryStore(), echoLogs: false });
    expect(await nodesOf(engine)).toEqual([]);
  });

  it("lists a started engine as itself, and another engine started on the same SQLite file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "eventual-nodes-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    // One process at a time serves a SQLite file: the two engines share the process's store.
    const store = SqliteStore.open(join(dir, "eventual.db"));
    cleanups.push(() => store.close());
    const first = new Engine({ store, owner: "node-a", echoLogs: false });
    const second = new Engine({ store, owner: "node-b", echoLogs: false });

    first.start();
    cleanups.push(() => first.stop());
    await vi.waitFor(async () => expect(await nodesOf(first)).toHaveLength(1));
    const [alone] = await nodesOf(first);
    expect(alone).toEqual({
      id: "node-a",
      host: hostname(),
      pid: process.pid,
      startedAt: expect.stringMatching(isoTime),
      seenAt: expect.stringMatching(isoTime),
      self: true,
    });
    expect(Date.parse(alone!.seenAt)).toBeGreaterThanOrEqual(Date.parse(alone!.startedAt));

    second.start();
    cleanups.push(() => second.stop());
    await vi.waitFor(async () => expect(await nodesOf(first)).toHaveLength(2));
    const self = (nodes: NodeInfo[]) => nodes.map(({ id, self }) => ({ id, self }));
    expect(self(await nodesOf(first))).toEqual([
      { id: "node-a", self: true },
      { id: "node-b", self: false },
    ]);
    expect(self(await nodesOf(second))).toEqual([
      { id: "node-a", self: false },
      { id: "node-b", self: true },
    ]);

    // A node that stops removes itself at once.
    await second.stop();
    expect(self(await nodesOf(first))).toEqual([{ id: "node-a", self: true }]);
  });
});
