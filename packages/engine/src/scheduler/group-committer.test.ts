import { describe, expect, it, vi } from "vitest";
import type { SignalReceived } from "../history.js";
import { MemoryStore } from "../store/memory-store.js";
import type { WriteGroup, WriteResult } from "../store/store.js";
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

/** A memory store whose commits run two at a time, each held where the test can move it on. */
class HeldStore extends MemoryStore {
  readonly concurrentCommits = 2;
  readonly commits: { groups: number; apply(): void; finish(): void }[] = [];
  override commit(groups: WriteGroup[], whenApplied?: () => void) {
    return new Promise<WriteResult[][]>((resolve, reject) => {
      this.commits.push({
        groups: groups.length,
        apply: () => whenApplied?.(),
        finish: () => super.commit(groups).then(resolve, reject),
      });
    });
  }
}

/** After the `setImmediate` of a commit asked for before it, and what that commit did at once. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

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

  it("starts a second commit once the first has applied its writes, before it is durable", async () => {
    const store = new HeldStore();
    const committer = new GroupCommitter(store);
    const first = committer.submit(start("a"));
    await nextTurn();
    const later = ["b", "c"].map((id) => committer.submit(start(id)));
    await nextTurn();
    // Both wait while "a" is still writing, and then go together.
    expect(store.commits.map((commit) => commit.groups)).toEqual([1]);
    store.commits[0]!.apply();
    await nextTurn();
    expect(store.commits.map((commit) => commit.groups)).toEqual([1, 2]);

    // Two are in flight: a third waits for one of them to end, applied or not.
    const last = committer.submit(start("d"));
    store.commits[1]!.apply();
    await nextTurn();
    expect(store.commits).toHaveLength(2);
    store.commits[0]!.finish();
    expect(await first).toEqual(["created"]);
    await vi.waitFor(() => expect(store.commits).toHaveLength(3));
    store.commits[1]!.finish();
    store.commits[2]!.finish();
    expect(await Promise.all([...later, last])).toEqual([["created"], ["created"], ["created"]]);
  });

  it("starts the next commit when one ends without saying it applied its writes", async () => {
    const store = new HeldStore();
    const committer = new GroupCommitter(store);
    const first = committer.submit(start("a"));
    await nextTurn();
    const second = committer.submit(start("b"));
    await nextTurn();
    expect(store.commits).toHaveLength(1);
    store.commits[0]!.finish();
    await first;
    await vi.waitFor(() => expect(store.commits).toHaveLength(2));
    store.commits[1]!.finish();
    expect(await second).toEqual(["created"]);
  });
});
