import type { Execution } from "@eventual/core";
import type { DeliveryRecord, HistoryEvent } from "@eventual/engine";
import { expect, it } from "vitest";
import { TestEnvironment } from "../src/index.js";

/** A test body, run once per environment it is proven in. */
export type ScenarioBody = (env: TestEnvironment) => Promise<void>;

/** Everything an environment recorded durably once a scenario ran. */
interface Recording {
  executions: Execution[];
  histories: Record<string, HistoryEvent[]>;
  deadLetters: DeliveryRecord[];
}

export interface ScenarioOptions {
  /** Where virtual time starts; fixed so that the two runs stamp the same times. */
  start?: string;
  /** Clears module state that activities or subscribers record into, before each run. */
  beforeRun?: () => void;
}

/**
 * Declares scenarios that must hold on the engine's hot path and on its replay path alike. Each
 * scenario runs twice, in a fresh environment each time: with the live-instance cache (every event
 * applied to the instance kept in memory) and with `cacheSize: 0` (the history replayed into a new
 * instance on every event). The body's own assertions must pass in both, and both runs must record
 * the same executions, the same histories event for event, and the same dead letters. Stacks are
 * left out of the comparison: where an error was made differs between two runs of a test, and no
 * code reads a stack back.
 *
 * @example
 * const scenario = replayEquivalentScenarios({ beforeRun: () => calls.length = 0 });
 * scenario("runs two activities in order", async (env) => { ... });
 */
export function replayEquivalentScenarios(options: ScenarioOptions = {}) {
  const start = options.start ?? "2026-01-01T00:00:00Z";
  return function scenario(title: string, body: ScenarioBody): void {
    it(title, async () => {
      const cached = await record(body, new TestEnvironment({ start }), options);
      const replayed = await record(body, new TestEnvironment({ start, cacheSize: 0 }), options);
      expect(replayed.executions, "executions with and without the cache").toEqual(
        cached.executions,
      );
      for (const { id } of cached.executions) {
        expect(replayed.histories[id], `history of ${id} with and without the cache`).toEqual(
          cached.histories[id],
        );
      }
      expect(replayed.deadLetters, "dead letters with and without the cache").toEqual(
        cached.deadLetters,
      );
    });
  };
}

async function record(
  body: ScenarioBody,
  env: TestEnvironment,
  options: ScenarioOptions,
): Promise<Recording> {
  options.beforeRun?.();
  await env.initialize();
  await body(env);
  const { executions } = await env.engine.listExecutions({ limit: 10_000 });
  const histories: Record<string, HistoryEvent[]> = {};
  for (const { id } of executions) histories[id] = (await env.getHistory(id)).map(withoutStack);
  return { executions, histories, deadLetters: await env.engine.store.listDeadLetters() };
}

function withoutStack(event: HistoryEvent): HistoryEvent {
  if (!("stack" in event)) return event;
  const { stack: _stack, ...rest } = event;
  return rest;
}

/** The types of an execution's history events, in order: a compact picture of what it did. */
export async function historyTypes(env: TestEnvironment, executionId: string): Promise<string[]> {
  return (await env.getHistory(executionId)).map((event) => event.type);
}
