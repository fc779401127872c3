import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { programArbitrary } from "../../engine/src/executor/test-programs.js";
import type { ProgramRecording } from "./program-runs.js";
import { envScheduleArbitrary, recordProgram } from "./program-runs.js";

/** Expects `other` to have stored and answered exactly what `cached` did. */
function expectSameRecording(other: ProgramRecording, cached: ProgramRecording, label: string) {
  expect(other.answers, `answers ${label}`).toEqual(cached.answers);
  expect(other.executions, `executions ${label}`).toEqual(cached.executions);
  expect(other.histories, `histories ${label}`).toEqual(cached.histories);
  expect(other.deadLetters, `dead letters ${label}`).toEqual(cached.deadLetters);
}

describe("generated workflow programs on the engine", () => {
  it("record the same histories with the instance cache, with a cache of one, and with none", async () => {
    await fc.assert(
      fc.asyncProperty(programArbitrary(), envScheduleArbitrary(), async (program, actions) => {
        const cached = await recordProgram(program, actions);
        // One instance for a parent and its children: each task may find the cache or miss it.
        const evicting = await recordProgram(program, actions, 1);
        const replayed = await recordProgram(program, actions, 0);

        expect(cached.executions.filter((execution) => execution.held)).toEqual([]);
        expectSameRecording(evicting, cached, "with a cache of one");
        expectSameRecording(replayed, cached, "with no cache");
      }),
      { numRuns: 150 },
    );
  });
});
