import { activity, deprecatePatch, patched, signal, workflow } from "@eventual/core";
import { describe, expect, it } from "vitest";
import type { HistoryEvent, PatchApplied } from "../history.js";
import {
  activityScheduled,
  activitySucceeded,
  at,
  installWorkflowSandbox,
  newInstance,
  replayInstance,
  signalReceived,
  started,
  succeeded,
} from "./test-events.js";
import { determinismError, runLive } from "./test-runs.js";

const reserve = activity("pt.reserve", (id: string) => `reserved ${id}`);
const chargeFee = activity("pt.chargeFee", (id: string) => `fee ${id}`);
const ship = activity("pt.ship", (id: string) => `shipped ${id}`);
const go = signal("pt-go");

/** Before the change: reserve, then ship. */
const before = workflow("pt-before", async (id: string) => [await reserve(id), await ship(id)]);

/** The change, behind `patched`: a fee is charged first; the old code stays in the `else`. */
const withPatch = workflow("pt-withPatch", async (id: string) => {
  if (patched("fee")) {
    return [await chargeFee(id), await reserve(id), await ship(id)];
  } else {
    return [await reserve(id), await ship(id)];
  }
});

/** Once no execution from before the change runs: the new code only, past the recorded marker. */
const deprecated = workflow("pt-deprecated", async (id: string) => {
  deprecatePatch("fee");
  return [await chargeFee(id), await reserve(id), await ship(id)];
});

/** The last stage: neither `patched` nor `deprecatePatch`. */
const removed = workflow("pt-removed", async (id: string) => [
  await chargeFee(id),
  await reserve(id),
  await ship(id),
]);

/** The same change under another id, as a rename of the id would make it. */
const renamed = workflow("pt-renamed", async (id: string) => {
  if (patched("fee-v2")) {
    return [await chargeFee(id), await reserve(id), await ship(id)];
  } else {
    return [await reserve(id), await ship(id)];
  }
});

/** Waits for a signal before it reserves; the change below comes after that wait. */
const waitThenReserve = workflow("pt-waitThenReserve", async (id: string) => {
  await go.expectSignal();
  return [await reserve(id)];
});
const waitThenPatch = workflow("pt-waitThenPatch", async (id: string) => {
  await go.expectSignal();
  if (patched("fee")) {
    return [await chargeFee(id), await reserve(id)];
  } else {
    return [await reserve(id)];
  }
});

/** A patch whose new branch issues no command, so the marker is the last one history holds. */
const patchedWait = workflow("pt-patchedWait", async () => {
  if (patched("wait-first")) await go.expectSignal();
  return "done";
});
const plainWait = workflow("pt-plainWait", async () => {
  await go.expectSignal();
  return "done";
});

/** Asks about one change twice: before a wait, and after it, once replay has run out. */
const askedTwice = workflow("pt-askedTwice", async (id: string) => {
  const first = patched("twice");
  await go.expectSignal();
  return [first, patched("twice"), await reserve(id)];
});
const askedNever = workflow("pt-askedNever", async (id: string) => {
  await go.expectSignal();
  return [false, false, await reserve(id)];
});

const noChangeId = workflow("pt-noChangeId", async () => patched(""));

const patchApplied = (seq: number, changeId: string, time = 0): PatchApplied => ({
  type: "PatchApplied",
  seq,
  changeId,
  timestamp: at(time),
});

const markers = (history: HistoryEvent[]) => history.filter((e) => e.type === "PatchApplied");

describe("patched() in a new execution", () => {
  it("records PatchApplied, which asks for nothing, and takes the new branch", async () => {
    const instance = newInstance(withPatch);

    const start = await instance.apply([started("o-1")]);
    const rest = [];
    for (const event of [
      activitySucceeded(1, "fee o-1", 1),
      activitySucceeded(2, "reserved o-1", 2),
      activitySucceeded(3, "shipped o-1", 3),
    ]) {
      rest.push(await instance.apply([event]));
    }

    expect(start).toEqual({
      history: [
        started("o-1"),
        patchApplied(0, "fee"),
        activityScheduled(1, "pt.chargeFee", ["o-1"]),
      ],
      commands: [activityScheduled(1, "pt.chargeFee", ["o-1"])],
    });
    expect(rest.map((step) => step.commands)).toEqual([
      [activityScheduled(2, "pt.reserve", ["o-1"], 1)],
      [activityScheduled(3, "pt.ship", ["o-1"], 2)],
      [],
    ]);
    expect(instance.outcome).toEqual(succeeded(["fee o-1", "reserved o-1", "shipped o-1"], 3));
  });

  it("fails the execution when the change id is empty", async () => {
    const step = await newInstance(noChangeId).apply([started()]);

    expect(step.outcome).toMatchObject({
      type: "WorkflowFailed",
      error: { name: "TypeError", message: "A patch needs a change id: a non-empty string." },
    });
  });
});

describe("patched() on replay", () => {
  it("is false for a history from before the change: no divergence, and it goes on along the old branch", async () => {
    const old = await runLive(before, [started("o-1")]);
    expect(old.history).toEqual([started("o-1"), activityScheduled(0, "pt.reserve", ["o-1"])]);

    const replayed = await replayInstance(withPatch, old.history);
    const reserved = activitySucceeded(0, "reserved o-1", 1);
    const shipped = activitySucceeded(1, "shipped o-1", 2);
    const steps = [await replayed.apply([reserved]), await replayed.apply([shipped])];

    // Exactly what the code from before the change does with the same events.
    expect(steps).toEqual([
      await old.instance.apply([reserved]),
      await old.instance.apply([shipped]),
    ]);
    expect(steps[0]).toEqual({
      history: [reserved, activityScheduled(1, "pt.ship", ["o-1"], 1)],
      commands: [activityScheduled(1, "pt.ship", ["o-1"], 1)],
    });
    expect(replayed.outcome).toEqual(succeeded(["reserved o-1", "shipped o-1"], 2));
    expect(markers(steps.flatMap((step) => step.history))).toEqual([]);
  });

  it("answers a change the same way every time within one execution, live after the replay too", async () => {
    const old = await runLive(askedNever, [started("t-1")]);
    const replayed = await replayInstance(askedTwice, old.history);
    const step = await replayed.apply([signalReceived("pt-go", undefined, 1)]);
    expect(markers(step.history)).toEqual([]);
    expect(step.commands).toEqual([activityScheduled(0, "pt.reserve", ["t-1"], 1)]);
    await replayed.apply([activitySucceeded(0, "reserved t-1", 2)]);
    expect(replayed.outcome).toEqual(succeeded([false, false, "reserved t-1"], 2));
  });

  it("replays an ended history from before the change to its recorded end", async () => {
    const old = await runLive(before, [
      started("o-1"),
      activitySucceeded(0, "reserved o-1", 1),
      activitySucceeded(1, "shipped o-1", 2),
    ]);

    const replayed = await replayInstance(withPatch, old.history);

    expect(replayed.outcome).toEqual(succeeded(["reserved o-1", "shipped o-1"], 2));
  });

  it("is true for a history with the marker, which replays down the new branch", async () => {
    const live = await runLive(withPatch, [started("o-2"), activitySucceeded(1, "fee o-2", 1)]);
    expect(markers(live.history)).toEqual([patchApplied(0, "fee")]);

    const replayed = await replayInstance(withPatch, live.history);
    const next = activitySucceeded(2, "reserved o-2", 2);
    const step = await replayed.apply([next]);

    expect(step).toEqual(await live.instance.apply([next]));
    expect(step.commands).toEqual([activityScheduled(3, "pt.ship", ["o-2"], 2)]);
    const end = [activitySucceeded(3, "shipped o-2", 3)];
    expect(await replayed.apply(end)).toEqual(await live.instance.apply(end));
    expect(replayed.outcome).toEqual(succeeded(["fee o-2", "reserved o-2", "shipped o-2"], 3));
  });

  it("is true for an execution that reaches it only after the change, even one started before", async () => {
    const old = await runLive(waitThenReserve, [started("o-3")]);

    const replayed = await replayInstance(waitThenPatch, old.history);
    const step = await replayed.apply([signalReceived("pt-go", undefined, 1)]);

    expect(step).toEqual({
      history: [
        signalReceived("pt-go", undefined, 1),
        patchApplied(0, "fee", 1),
        activityScheduled(1, "pt.chargeFee", ["o-3"], 1),
      ],
      commands: [activityScheduled(1, "pt.chargeFee", ["o-3"], 1)],
    });
  });

  it("is false for a marker of another change id, so the old branch meets the marker and diverges", async () => {
    const { history } = await runLive(withPatch, [started("o-4")]);

    const error = await determinismError(replayInstance(renamed, history));

    expect(error.message).toBe(
      'At seq 0 history recorded patched("fee"), but the workflow now issues activity "pt.reserve".',
    );
  });
});

describe("deprecatePatch()", () => {
  it("replays histories with the marker, midway and ended, down the new code", async () => {
    const midway = await runLive(withPatch, [started("o-5"), activitySucceeded(1, "fee o-5", 1)]);
    const ended = await runLive(withPatch, [
      started("o-6"),
      activitySucceeded(1, "fee o-6", 1),
      activitySucceeded(2, "reserved o-6", 2),
      activitySucceeded(3, "shipped o-6", 3),
    ]);

    const replayedMidway = await replayInstance(deprecated, midway.history);
    const replayedEnded = await replayInstance(deprecated, ended.history);
    const next = activitySucceeded(2, "reserved o-5", 2);
    const step = await replayedMidway.apply([next]);

    expect(step).toEqual(await midway.instance.apply([next]));
    expect(step.commands).toEqual([activityScheduled(3, "pt.ship", ["o-5"], 2)]);
    expect(replayedEnded.outcome).toEqual(succeeded(["fee o-6", "reserved o-6", "shipped o-6"], 3));
  });

  it("records nothing in a new execution, whose history then replays", async () => {
    const events = [
      started("o-7"),
      activitySucceeded(0, "fee o-7", 1),
      activitySucceeded(1, "reserved o-7", 2),
      activitySucceeded(2, "shipped o-7", 3),
    ];
    const live = await runLive(deprecated, events);

    expect(live.history.slice(0, 2)).toEqual([
      started("o-7"),
      activityScheduled(0, "pt.chargeFee", ["o-7"]),
    ]);
    expect(markers(live.history)).toEqual([]);
    const replayed = await replayInstance(deprecated, live.history);
    expect(replayed.outcome).toEqual(live.instance.outcome);
    expect(replayed.outcome).toEqual(succeeded(["fee o-7", "reserved o-7", "shipped o-7"], 3));
  });

  it("diverges on a history from before the change: deprecate only once none of those runs", async () => {
    const { history } = await runLive(before, [started("o-8")]);

    const error = await determinismError(replayInstance(deprecated, history));

    expect(error.message).toBe(
      'At seq 0 history recorded activity "pt.reserve", but the workflow now issues activity "pt.chargeFee".',
    );
  });
});

describe("a marker the code no longer asks for", () => {
  it("is a DeterminismError naming the patch when another command comes in its place", async () => {
    const { history } = await runLive(withPatch, [started("o-9")]);

    const error = await determinismError(replayInstance(removed, history));

    expect(error.message).toBe(
      'At seq 0 history recorded patched("fee"), but the workflow now issues activity "pt.chargeFee".',
    );
  });

  it("is a DeterminismError naming the patch when it is the last command history holds", async () => {
    const { history } = await runLive(patchedWait, [started()]);
    expect(history).toEqual([started(), patchApplied(0, "wait-first")]);

    const error = await determinismError(replayInstance(plainWait, history));

    expect(error.message).toBe(
      'History recorded patched("wait-first") at seq 0, but the workflow no longer issues it.',
    );
  });
});

describe("outside a workflow", () => {
  it("patched() and deprecatePatch() throw, saying where they belong", () => {
    installWorkflowSandbox();

    expect(() => patched("fee")).toThrow("patched() can only be called from inside a workflow.");
    expect(() => deprecatePatch("fee")).toThrow(
      "deprecatePatch() can only be called from inside a workflow.",
    );
  });
});
