import { expect } from "vitest";
import { call } from "./http.js";

/**
 * Checks that a `threeSteps` execution of the durable fixture (started with input `n`)
 * succeeded with its result and recorded each of its steps once, in order.
 */
export async function expectThreeStepsDone(url: string, id: string, n: number): Promise<void> {
  const execution = await call(url, "GET", `/_eventual/executions/${id}`);
  expect(execution.body.result, id).toBe((n + 1) * 2 + 3);
  const { events } = (await call(url, "GET", `/_eventual/executions/${id}/history`)).body;
  expect(events.map((e: { type: string }) => e.type)).toEqual([
    "WorkflowStarted",
    "ActivityScheduled",
    "ActivitySucceeded",
    "ActivityScheduled",
    "ActivitySucceeded",
    "TimerScheduled",
    "TimerCompleted",
    "ActivityScheduled",
    "ActivitySucceeded",
    "WorkflowSucceeded",
  ]);
  expect(
    events.filter((e: { seq?: number }) => e.seq !== undefined).map((e: { seq: number }) => e.seq),
  ).toEqual([0, 0, 1, 1, 2, 2, 3, 3]);
}
