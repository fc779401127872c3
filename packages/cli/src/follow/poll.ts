import { setTimeout as sleep } from "node:timers/promises";
import type { Execution } from "@eventual/core";
import { elapsed } from "../output/format.js";
import { ProgressLine } from "../output/progress.js";
import type { FollowReads } from "./ride-out.js";

/** How often `--follow` asks the service; it answers from its database, so this stays cheap. */
export const followIntervalMs = 200;

/**
 * Asks for the execution every `intervalMs` and, each time, calls `onPoll` with it; stops once it
 * has ended. `onPoll` runs after the execution was read, so what it reads then (history, logs)
 * already holds everything up to the end. On a terminal a status line shows the wait.
 */
export async function pollUntilEnded(
  client: FollowReads,
  executionId: string,
  onPoll: (execution: Execution) => Promise<void>,
  intervalMs = followIntervalMs,
): Promise<Execution> {
  const progress = new ProgressLine();
  try {
    for (;;) {
      // Cleared before reading: a read that fails may say so on standard error.
      progress.clear();
      const execution = await client.getExecution(executionId);
      await onPoll(execution);
      if (execution.status !== "IN_PROGRESS") return execution;
      const held = execution.held ? " (held)" : "";
      progress.show(`${executionId} in progress${held} for ${elapsed(execution.startTime)}…`);
      await sleep(intervalMs);
    }
  } finally {
    progress.clear();
  }
}
