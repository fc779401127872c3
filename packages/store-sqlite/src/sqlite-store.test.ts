import type { HistoryEvent, WriteGroup } from "@eventual/engine";
import { storeConformance } from "@eventual/store-conformance";
import { describe, expect, it } from "vitest";
import { SqliteStore } from "./sqlite-store.js";

storeConformance("SqliteStore", async () => SqliteStore.open(":memory:"));

const started: HistoryEvent = {
  type: "WorkflowStarted",
  input: 1,
  timestamp: "2030-01-01T00:00:00.000Z",
};

function start(id: string): WriteGroup {
  const execution = {
    id,
    name: id,
    workflowName: "wf",
    status: "IN_PROGRESS" as const,
    input: 1,
    startTime: started.timestamp,
    historyLength: 0,
  };
  return [
    { type: "requireNewExecution", executionId: id },
    { type: "startExecution", execution, history: [started] },
  ];
}

describe("SqliteStore's execution keys", () => {
  it("forgets a key learned in a commit that rolled back, which the next execution is given", async () => {
    let crash = true;
    const store = SqliteStore.open(":memory:", {
      crashPoint: (point) => {
        if (crash && point === "commit.after.startExecution") throw new Error("crashed");
      },
    });
    await expect(store.commit([start("wf~gone")])).rejects.toThrow("crashed");
    crash = false;
    expect(await store.commit([start("wf~next")])).toEqual([["ok", "created"]]);

    // wf~gone was never stored: its step must not land on wf~next, stored under the same key.
    const step: WriteGroup = [
      { type: "requireTask", executionId: "wf~gone", historyLength: 1, lease: { freeAt: 0 } },
      {
        type: "appendHistory",
        executionId: "wf~gone",
        historyLength: 1,
        history: [{ type: "WorkflowSucceeded", result: 2, timestamp: started.timestamp }],
        consumed: [],
      },
    ];
    expect(await store.commit([step])).toEqual([["conflict", "conflict"]]);
    expect(await store.getHistory("wf~next")).toEqual([started]);
    expect(await store.getExecution("wf~gone")).toBeUndefined();
    await store.close();
  });
});
