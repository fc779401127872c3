/**
 * Runs a generated workflow program on a TestEnvironment under a generated schedule of
 * activity completions, signals, ticks and cancels, and records everything the run stored.
 * The programs are the executor's property-test programs, imported from the engine's source so
 * that both levels exercise one language.
 */
import type { Execution } from "@eventual/core";
import type { DeliveryRecord, HistoryEvent } from "@eventual/engine";
import fc from "fast-check";
import type { Program } from "../../engine/src/executor/test-programs.js";
import {
  programWorkflow,
  signalNames,
  waitingActivities,
} from "../../engine/src/executor/test-programs.js";
import { TestEnvironment } from "../src/index.js";

/**
 * One thing the test does to the service; `pick` and `target` choose among candidates, modulo.
 * Without `settle`, the event only joins the inbox, to be applied with whatever comes next in one
 * workflow task.
 */
export type EnvAction =
  | { do: "complete"; pick: number; ok: boolean; value: number; settle: boolean }
  | { do: "signal"; target: number; signal: number; payload: number; settle: boolean }
  | { do: "tick"; seconds: number }
  | { do: "cancel"; target: number };

/** What a run stored, and how each action was answered (an error's name when it was refused). */
export interface ProgramRecording {
  answers: unknown[];
  executions: Execution[];
  histories: Record<string, HistoryEvent[]>;
  deadLetters: DeliveryRecord[];
}

const start = "2026-01-01T00:00:00Z";

/** Rounds of completing every waiting activity and ticking a minute, after the schedule. */
const finishingRounds = 8;

/** Runs `program` in a fresh environment with the given cache, then finishes what it can. */
export async function recordProgram(
  program: Program,
  actions: EnvAction[],
  cacheSize?: number,
): Promise<ProgramRecording> {
  waitingActivities.clear();
  const env = new TestEnvironment({ start, ...(cacheSize === undefined ? {} : { cacheSize }) });
  await env.initialize();
  await env.startExecution(programWorkflow, program);
  const answers: unknown[] = [];
  for (const action of actions) answers.push(await perform(env, action));
  for (let round = 0; round < finishingRounds; round++) {
    while (waitingActivities.size > 0) {
      const next = { do: "complete", pick: 0, ok: true, value: 0, settle: true } as const;
      answers.push(await perform(env, next));
    }
    await env.tick(60);
  }
  return recording(env, answers);
}

async function perform(env: TestEnvironment, action: EnvAction): Promise<unknown> {
  try {
    switch (action.do) {
      case "complete":
        return await complete(env, action);
      case "signal": {
        const executionId = await pickExecution(env, action.target);
        const signal = signalNames[action.signal]!;
        if (action.settle) await env.sendSignal(executionId, signal, action.payload);
        else await env.engine.sendSignal({ executionId, signal, payload: action.payload });
        return ["signal", executionId];
      }
      case "tick":
        await env.tick(action.seconds);
        return ["tick", env.time.toISOString()];
      case "cancel": {
        const target = await pickExecution(env, action.target);
        await env.cancelExecution(target, "scheduled");
        return ["cancel", target];
      }
    }
  } catch (error) {
    return ["refused", (error as Error).name];
  }
}

/** Completes one waiting activity, chosen by its key, which names the execution and the call. */
async function complete(env: TestEnvironment, action: Extract<EnvAction, { do: "complete" }>) {
  const keys = [...waitingActivities.keys()].sort();
  if (keys.length === 0) return ["nothing waiting"];
  const key = keys[action.pick % keys.length]!;
  const activityToken = waitingActivities.get(key)!;
  waitingActivities.delete(key);
  const request = action.ok
    ? { activityToken, result: action.value }
    : { activityToken, error: { name: "Boom", message: key } };
  await env.engine.completeActivity(request);
  if (action.settle) await env.tick(0);
  return ["complete", key, action.ok];
}

/** The id of an execution, parent or child, ended or not, in an order both runs share. */
async function pickExecution(env: TestEnvironment, index: number): Promise<string> {
  const ids = (await env.engine.listExecutions({ limit: 1000 })).executions.map((e) => e.id);
  ids.sort();
  return ids[index % ids.length]!;
}

async function recording(env: TestEnvironment, answers: unknown[]): Promise<ProgramRecording> {
  const { executions } = await env.engine.listExecutions({ limit: 1000 });
  executions.sort((a, b) => a.id.localeCompare(b.id));
  const histories: Record<string, HistoryEvent[]> = {};
  for (const { id } of executions) histories[id] = await env.getHistory(id);
  return { answers, executions, histories, deadLetters: await env.engine.store.listDeadLetters() };
}

/** Mostly settled at once, as `env.sendSignal` does; sometimes left in the inbox. */
const settle = fc.oneof(
  { weight: 3, arbitrary: fc.constant(true) },
  { weight: 1, arbitrary: fc.constant(false) },
);

const actionArbitrary: fc.Arbitrary<EnvAction> = fc.oneof(
  {
    weight: 12,
    arbitrary: fc.record({
      do: fc.constant("complete"),
      pick: fc.nat(),
      ok: fc.oneof(
        { weight: 3, arbitrary: fc.constant(true) },
        { weight: 1, arbitrary: fc.constant(false) },
      ),
      value: fc.integer({ min: -3, max: 3 }),
      settle,
    }),
  },
  {
    weight: 8,
    arbitrary: fc.record({
      do: fc.constant("signal"),
      target: fc.nat(),
      signal: fc.nat({ max: signalNames.length - 1 }),
      payload: fc.nat({ max: 9 }),
      settle,
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({ do: fc.constant("tick"), seconds: fc.constantFrom(0, 1, 5, 30) }),
  },
  { weight: 1, arbitrary: fc.record({ do: fc.constant("cancel"), target: fc.nat() }) },
);

/** Schedules of up to `maxLength` actions. */
export function envScheduleArbitrary(maxLength = 30): fc.Arbitrary<EnvAction[]> {
  return fc.array(actionArbitrary, { maxLength, size: "medium" });
}
