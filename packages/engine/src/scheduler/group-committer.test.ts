import { describe, expect, it } from "vitest";
import type { SignalReceived } from "../history.js";
import { MemoryStore } from "../store/memory-store.js";
import type { WriteGroup } from "../store/store.js";
import { GroupCommitter } from "./group-committer.js";

const signal = (payload: unknown): SignalReceived => ({
  type: "SignalReceived",
  signal: "go",
  payload,
  timestamp: "2030-01-01T00:00:00.000Z",
});
const start = (id: string): WriteGroup => [
  {
    type: "createExecution",
    execution: {
      id,
      name: id,
      workflowName: "checkout",
      status: "IN_PROGRESS",
      input: {},
      startTime: "2030-01-01T00:00:00.000Z",
      historyLength: 0,
    },
    started: { type: "WorkflowStarted", input: {}, timestamp: "2030-01-01T00:00:00.000Z" },
  },
];

/** A memory store that counts its commits and how many groups each carried. */
class CountingStore extends MemoryStore {
  readonly commits: number[] = [];
  override commit(groups: WriteGroup[]) {
    this.commits.push(groups.length);
    return super.commit(groups);
  }
}

describe("GroupCommitter", () => {
  it("commits what is submitted in one turn together", async () => {
    const store = new CountingStore();
    const committer = new GroupCommitter(store);
    const results = await Promise.all(["a", "b", "c"].map((id) => committer.submit(start(id))));
    expect(results).toEqual([["created"], ["created"], ["created"]]);
    expect(store.commits).toEqual([3]);
  });

  it("fails only the group the store refuses; the others committed with it are stored", async () => {
    const store = new CountingStore();
    const committer = new GroupCommitter(store);
    await committer.submit(start("a"));
    const poisoned: WriteGroup = [
      { type: "appendInbox", executionId: "a", event: signal({ amount: 10n }) },
    ];
    const outcomes = await Promise.allSettled([
      committer.submit(start("b")),
      committer.submit(poisoned),
      committer.submit([{ type: "appendInbox", executionId: "a", event: signal("ok") }]),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      "fulfilled",
      "rejected",
      "fulfilled",
    ]);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(TypeError);
    expect(await store.getExecution("b")).toBeDefined();
    const [task] = await store.claimWorkflowTasks({ owner: "w", now: 0, leaseMs: 1, limit: 9 });
    expect(task!.inbox.map((entry) => entry.event.type)).toEqual([
      "WorkflowStarted",
      "SignalReceived",
    ]);
    // One commit for "a", the batch that failed, then each of its groups by itself.
    expect(store.commits).toEqual([1, 3, 1, 1, 1]);
  });
});
