import type { Workflow } from "@eventual/core";
import { activity, workflow } from "@eventual/core";
import { describe, expect, it } from "vitest";
import type { HistoryEvent, InputEvent } from "../history.js";
import { realDate } from "./sandbox.js";
import { activitySucceeded, at, newInstance, replayInstance, started, T0 } from "./test-events.js";

const tick = activity("dt.tick", () => null);

/** What the workflows below saw, in the order they saw it; reset before each run. */
let observed: unknown[] = [];

const clockReader = workflow("dt-clockReader", async () => {
  observed.push(Date.now(), new Date().toISOString(), Date());
  await tick();
  observed.push(Date.now(), new Date().toISOString());
  await tick();
  observed.push(Date.now(), new Date(0).toISOString(), new Date() instanceof Date);
});

const diceRoller = workflow("dt-diceRoller", async () => {
  observed.push(Math.random(), Math.random());
  await tick();
  observed.push(Math.random());
});

/** Runs `events` as separate tasks on a new instance and returns the history they made. */
async function record(wf: Workflow, events: InputEvent[], name?: string) {
  observed = [];
  const instance = newInstance(wf, name);
  const history: HistoryEvent[] = [];
  for (const event of events) history.push(...(await instance.apply([event])).history);
  return { history, seen: observed };
}

/** Replays `history` into a new instance and returns what the workflow saw doing so. */
async function replaySeen(wf: Workflow, history: HistoryEvent[], name?: string) {
  observed = [];
  await replayInstance(wf, history, name);
  return observed;
}

const clockEvents = [
  started(undefined, 0),
  activitySucceeded(0, null, 5),
  activitySucceeded(1, null, 7),
];

describe("Date inside a workflow", () => {
  it("reads the timestamp of the event being applied", async () => {
    const { seen } = await record(clockReader, clockEvents);

    expect(seen).toEqual([
      T0,
      at(0),
      new realDate(T0).toString(),
      T0 + 5000,
      at(5),
      T0 + 7000,
      "1970-01-01T00:00:00.000Z",
      true,
    ]);
  });

  it("reads the same times on replay as on the first run", async () => {
    const { history, seen } = await record(clockReader, clockEvents);

    expect(await replaySeen(clockReader, history)).toEqual(seen);
  });

  it("stays the real clock outside a workflow", async () => {
    await record(clockReader, clockEvents);

    const wallClock = performance.timeOrigin + performance.now();
    expect(Math.abs(Date.now() - wallClock)).toBeLessThan(1000);
    expect(Math.abs(Date.parse(new Date().toISOString()) - wallClock)).toBeLessThan(1000);
  });
});

describe("Math.random inside a workflow", () => {
  const diceEvents = [started(), activitySucceeded(0, null, 1)];

  it("repeats its sequence on replay", async () => {
    const { history, seen } = await record(diceRoller, diceEvents, "one");

    expect(seen).toHaveLength(3);
    expect(new Set(seen).size).toBe(3);
    expect(seen.every((n) => typeof n === "number" && n >= 0 && n < 1)).toBe(true);
    expect(await replaySeen(diceRoller, history, "one")).toEqual(seen);
  });

  it("differs between executions", async () => {
    const one = await record(diceRoller, diceEvents, "one");
    const two = await record(diceRoller, diceEvents, "two");

    expect(two.seen).not.toEqual(one.seen);
  });
});
