import { activity, condition, workflow } from "@eventual/core";
import { describe, expect, it } from "vitest";
import type { HistoryEvent } from "../history.js";
import {
  activityRetrying,
  activityScheduled,
  activitySucceeded,
  newInstance,
  replayInstance,
  started,
  succeeded,
  timerCompleted,
  timerScheduled,
} from "./test-events.js";

const flaky = activity("ar.flaky", { retry: { maxAttempts: 3 } }, () => "done");
const callFlaky = workflow("ar-callFlaky", async () => flaky());

const awaitWithin = workflow("ar-awaitWithin", async () => {
  let settled = false;
  void flaky().then(() => {
    settled = true;
  });
  // Re-checked after every event applied: a failed attempt's record must not count as settling.
  const met = await condition({ timeout: 60 }, () => settled);
  return { met, at: new Date().toISOString() };
});

const boom = { name: "Error", message: "boom" };

describe("ActivityRetrying, the record of a failed attempt that will be retried", () => {
  it("joins history and changes nothing: the activity is still awaited", async () => {
    const instance = newInstance(callFlaky);
    await instance.apply([started()]);

    const first = await instance.apply([activityRetrying(0, 1, boom, 1, 0)]);
    const second = await instance.apply([activityRetrying(0, 2, boom, 2, 1)]);
    const end = await instance.apply([activitySucceeded(0, "done", 3)]);

    expect(first).toEqual({ history: [activityRetrying(0, 1, boom, 1, 0)], commands: [] });
    expect(second).toEqual({ history: [activityRetrying(0, 2, boom, 2, 1)], commands: [] });
    expect(end.outcome).toEqual(succeeded("done", 3));
  });

  it("is applied in a task with other events without touching them", async () => {
    const instance = newInstance(awaitWithin);

    const start = await instance.apply([started()]);
    const step = await instance.apply([
      activityRetrying(0, 1, boom, 1, 5),
      activitySucceeded(0, "done", 6),
    ]);

    expect(start.commands).toEqual([activityScheduled(0, "ar.flaky", []), timerScheduled(1, 60)]);
    expect(step.outcome).toEqual(succeeded({ met: true, at: "2024-01-01T00:00:06.000Z" }, 6));
  });

  it("replays to the same commands and outcome as the history without it", async () => {
    const withRetries: HistoryEvent[] = [
      started(),
      activityScheduled(0, "ar.flaky", []),
      activityRetrying(0, 1, boom, 1, 0),
      activityRetrying(0, 2, boom, 2, 1),
      activitySucceeded(0, "done", 3),
      succeeded("done", 3),
    ];
    const without = withRetries.filter((event) => event.type !== "ActivityRetrying");

    const replayed = await replayInstance(callFlaky, withRetries);
    const replayedWithout = await replayInstance(callFlaky, without);

    expect(replayed.outcome).toEqual(succeeded("done", 3));
    expect(replayedWithout.outcome).toEqual(replayed.outcome);
    expect(replayed.historyLength).toBe(withRetries.length);
  });

  it("lets a timer fire after it as if it were not there", async () => {
    const instance = newInstance(awaitWithin);
    await instance.apply([started()]);

    await instance.apply([activityRetrying(0, 1, boom, 1, 5)]);
    const timeout = await instance.apply([timerCompleted(1, 60)]);

    expect(timeout.outcome).toEqual(succeeded({ met: false, at: "2024-01-01T00:01:00.000Z" }, 60));
  });
});
