import type { SerializedError } from "@eventual/core";
import { replayHistory } from "../executor/replay-history.js";
import { WorkflowInstance } from "../executor/workflow-instance.js";
import type { ExecutionRecord } from "../store/store.js";
import type { EngineContext } from "./engine-context.js";

/** What trying a held execution again found: released to run on, or held, and why. */
export type HoldRetry =
  | { executionId: string; released: true }
  | { executionId: string; released: false; divergence: SerializedError }
  | { executionId: string; released: false; notHeld: true };

/**
 * Held executions (their history no longer replays on the code) tried again against the code
 * this engine runs. A history that now replays is released, and its waiting inbox is claimed
 * at once; one that still diverges stays held, with the divergence this code finds. The check
 * is a replay, with no effect, so trying again is safe to do at any time and on any node.
 */
export class HeldExecutions {
  constructor(private readonly context: EngineContext) {}

  /** Tries `execution` again, if it is held. */
  async retry(execution: ExecutionRecord): Promise<HoldRetry> {
    const { id: executionId, historyLength } = execution;
    if (!execution.held || execution.status !== "IN_PROGRESS") {
      return { executionId, released: false, notHeld: true };
    }
    const history = await this.context.store.getHistory(executionId);
    const replay = await replayHistory(this.context.registry, execution, history);
    const held = replay instanceof WorkflowInstance ? null : replay;
    if (held && sameError(held, execution.held)) {
      return { executionId, released: false, divergence: held };
    }
    const [result] = await this.context.committer.submit([
      { type: "setHold", executionId, historyLength, held },
    ]);
    // Stale: released, cancelled or moved on meanwhile; not held by what this call saw.
    if (result !== "ok") return { executionId, released: false, notHeld: true };
    if (held) {
      this.context.emit("executionHeld", { executionId, error: held });
      return { executionId, released: false, divergence: held };
    }
    this.context.wake();
    this.context.emit("executionReleased", { executionId });
    return { executionId, released: true };
  }

  /** Tries every held execution again, oldest first; what each came to. */
  async retryAll(): Promise<HoldRetry[]> {
    const retries: HoldRetry[] = [];
    let nextToken: string | undefined;
    do {
      const page = await this.context.store.listExecutions({
        held: true,
        status: "IN_PROGRESS",
        limit: 100,
        ...(nextToken === undefined ? {} : { nextToken }),
      });
      for (const execution of page.executions) retries.push(await this.retry(execution));
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
    return retries;
  }
}

function sameError(a: SerializedError, b: SerializedError): boolean {
  return a.name === b.name && a.message === b.message;
}
