import { activity, workflow } from "@eventual/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { HistoryEvent } from "../history.js";
import { isCommandEvent, isInputEvent } from "../history.js";
import {
  activityScheduled,
  activitySucceeded,
  newInstance,
  replayInstance,
  started,
  succeeded,
} from "./test-events.js";
import type { Program } from "./test-programs.js";
import { programArbitrary } from "./test-programs.js";
import type { LiveRun } from "./test-schedules.js";
import { replayProgram, runLive, scheduleArbitrary, stored } from "./test-schedules.js";

/**
 * Generated workflow programs run live under generated schedules; the history they record must
 * replay into the same instance, wherever the replay starts. Each property prints its seed and
 * the shrunk program and schedule on failure; rerun one with `fc.assert(..., { seed, path })`.
 */
const runs = { numRuns: 200 };
const liveRuns = fc.record({ program: programArbitrary(), schedule: scheduleArbitrary() });

/** Where a replay may start: before each input event, and at the end of history. */
function cutPoints(history: HistoryEvent[]): number[] {
  const cuts = history.flatMap((event, i) => (isInputEvent(event) ? [i] : []));
  return [...cuts, history.length];
}

/** Replays `history` up to `cut`, then applies the input events after it one task each. */
async function replayThenContinue(live: LiveRun, cut: number) {
  const instance = await replayProgram(live.history.slice(0, cut));
  const history: HistoryEvent[] = [];
  const commands: HistoryEvent[] = [];
  for (const event of live.history.slice(cut).filter(isInputEvent)) {
    const step = await instance.apply([stored(event)]);
    history.push(...stored(step.history));
    commands.push(...stored(step.commands));
  }
  return { instance, history, commands };
}

describe("replay of generated workflow programs", () => {
  it("replays the live run's history without a determinism error, to the same outcome", async () => {
    await fc.assert(
      fc.asyncProperty(liveRuns, async ({ program, schedule }) => {
        const live = await runLive(program, schedule);

        // Throws a DeterminismError if the code issues a command history lacks, or misses one.
        const replayed = await replayProgram(live.history);

        expect(replayed.outcome).toEqual(live.instance.outcome);
        expect(replayed.historyLength).toBe(live.instance.historyLength);
        expect(live.instance.historyLength).toBe(live.history.length);
        expect(await replayed.apply([])).toEqual({ history: [], commands: [] });
      }),
      runs,
    );
  });

  it("continues from a replay of any prefix of history exactly as the live run went on", async () => {
    await fc.assert(
      fc.asyncProperty(liveRuns, fc.nat(), async ({ program, schedule }, cutChoice) => {
        const live = await runLive(program, schedule);
        const cuts = cutPoints(live.history);
        const cut = cuts[cutChoice % cuts.length]!;

        const continued = await replayThenContinue(live, cut);

        const rest = live.history.slice(cut);
        expect(continued.history).toEqual(rest);
        expect(continued.commands).toEqual(rest.filter(isCommandEvent));
        expect(continued.instance.outcome).toEqual(live.instance.outcome);
      }),
      runs,
    );
  });

  it("runs the same with or without the records of failed attempts in history", async () => {
    await fc.assert(
      fc.asyncProperty(liveRuns, async ({ program, schedule }) => {
        const live = await runLive(program, schedule);
        const isRecord = (event: HistoryEvent) => event.type === "ActivityRetrying";

        // Replay matches every command history recorded, so the commands are the same too.
        const replayed = await replayProgram(live.history.filter((event) => !isRecord(event)));

        expect(replayed.outcome).toEqual(live.instance.outcome);
        for (const { events, step } of live.steps) {
          if (events.every(isRecord)) expect(step).toEqual({ history: events, commands: [] });
        }
      }),
      runs,
    );
  });

  it("yields every live step again when each step starts from a replay, as with no cache", async () => {
    await fc.assert(
      fc.asyncProperty(liveRuns, async ({ program, schedule }) => {
        const live = await runLive(program, schedule);

        for (const { events, step, historyBefore } of live.steps) {
          const replayed = await replayProgram(live.history.slice(0, historyBefore));
          expect(stored(await replayed.apply(events))).toEqual(stored(step));
          expect(replayed.historyLength).toBe(historyBefore + step.history.length);
        }
      }),
      runs,
    );
  });
});

const dated = activity("pp.dated", () => new Date(0));
const whenDate = activity("pp.whenDate", () => "date");
const whenText = activity("pp.whenText", () => "text");

/** Takes one branch for a Date and another for its stored form, an ISO string. */
const branchOnDate = workflow("pp-branchOnDate", async (input?: { at?: unknown }) => {
  const at = input?.at ?? (await dated());
  return at instanceof Date ? whenDate() : whenText();
});

describe("replay of values that history stores in another form", () => {
  it("gives the workflow an activity's Date result as history holds it, as replay will", async () => {
    const live = newInstance(branchOnDate);
    const first = await live.apply([started()]);
    const second = await live.apply([activitySucceeded(0, new Date(0), 1)]);
    const history = stored([...first.history, ...second.history]);

    const replayed = await replayInstance(branchOnDate, history);

    expect(second.commands).toEqual([activityScheduled(1, "pp.whenText", [], 1)]);
    expect(replayed.historyLength).toBe(history.length);
  });

  it("gives the workflow a Date in its input as history holds it, as replay will", async () => {
    const live = newInstance(branchOnDate);
    const first = await live.apply([started({ at: new Date(0) })]);

    const replayed = await replayInstance(branchOnDate, stored(first.history));

    expect(first.commands).toEqual([activityScheduled(0, "pp.whenText", [])]);
    expect(replayed.historyLength).toBe(first.history.length);
  });

  it("replays a generated run whose activity returned a Date to the outcome it had live", async () => {
    const program: Program = {
      onBump: "ignore",
      steps: [{ op: "activity", activity: 0, caught: false }],
    };
    const completion = { ok: true, value: new Date(0) } as const;
    const live = await runLive(program, [
      { action: { do: "complete", pick: 0, completion }, withNext: false },
    ]);

    const replayed = await replayProgram(live.history);

    expect(live.instance.outcome).toEqual(succeeded([["string", "1970-01-01T00:00:00.000Z"]]));
    expect(replayed.outcome).toEqual(live.instance.outcome);
  });
});
