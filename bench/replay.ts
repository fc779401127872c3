import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { activity, workflow } from "@eventual/core";
import type { HistoryEvent, InputEvent } from "@eventual/engine";
import { Engine, iso, MemoryStore, WorkflowInstance } from "@eventual/engine";
import { median, round2 } from "./lib/stats.js";

/**
 * `replay10k`: the cost of rebuilding a workflow from a 10,000-event history (a cache miss), and
 * the cost per event of applying one more event to a live instance (the hot path). Both run the
 * pure executor alone, with no store, so they measure the engine's own work.
 *
 * Run by the `replay10k` scenario in a process of its own (`node --import tsx bench/replay.ts
 * --rounds N` prints the figures as JSON), so the executor's sandbox never touches the load
 * generator's process.
 */
const step = activity("replayBench.step", (i: number) => i);
const loop = workflow("replayBench.loop", async (steps: number) => {
  let sum = 0;
  for (let i = 0; i < steps; i++) sum += await step(i);
  return sum;
});

export interface ReplayFigures {
  history_events: number;
  cold_replay_ms: number;
  hot_event_us: number;
}

/** Builds a history of about `events` events, then times cold replays (median of `rounds`) and the hot path. */
export async function measureReplay(events = 10_000, rounds = 5): Promise<ReplayFigures> {
  new Engine({ store: new MemoryStore() }); // installs the sandbox and execution scopes
  const declaration = { name: loop.workflowName, options: {}, handler: loop.handler };
  const identity = { id: "bench~1", name: "1", workflowName: loop.workflowName };
  const steps = Math.floor((events - 2) / 2);

  const live = new WorkflowInstance(declaration, identity);
  const history: HistoryEvent[] = [];
  let time = Date.parse("2026-01-01T00:00:00Z");
  const started = await live.apply([
    { type: "WorkflowStarted", input: steps, timestamp: iso(time) },
  ]);
  history.push(...started.history);
  const hotStart = performance.now();
  for (let seq = 0; seq < steps; seq++) {
    const event: InputEvent = {
      type: "ActivitySucceeded",
      seq,
      result: seq,
      timestamp: iso(++time),
    };
    history.push(...(await live.apply([event])).history);
  }
  const hotMs = performance.now() - hotStart;

  const coldRuns: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const coldStart = performance.now();
    await WorkflowInstance.replay(declaration, identity, history);
    coldRuns.push(performance.now() - coldStart);
  }
  return {
    history_events: history.length,
    cold_replay_ms: round2(median(coldRuns)),
    hot_event_us: round2((hotMs * 1000) / steps),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { rounds: { type: "string", default: "5" } } });
  console.log(JSON.stringify(await measureReplay(10_000, Number(values.rounds))));
}
