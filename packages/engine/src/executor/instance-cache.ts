import type { WorkflowInstance } from "./workflow-instance.js";

/**
 * Live workflow instances by execution id, least recently used evicted first. A task *takes* an
 * instance out and puts it back only after its commit landed, so the cache never holds an
 * instance that is ahead of the database.
 */
export class InstanceCache {
  readonly #instances = new Map<string, WorkflowInstance>();

  constructor(readonly capacity: number) {}

  /** Removes and returns the instance if it has applied exactly `historyLength` events. */
  take(executionId: string, historyLength: number): WorkflowInstance | undefined {
    const instance = this.#instances.get(executionId);
    if (!instance) return undefined;
    this.#instances.delete(executionId);
    return instance.historyLength === historyLength ? instance : undefined;
  }

  /**
   * Removes and returns the instance whatever it has applied: for a step taken without a claim,
   * whose commit is itself guarded by the history length the instance knows.
   */
  takeAny(executionId: string): WorkflowInstance | undefined {
    const instance = this.#instances.get(executionId);
    this.#instances.delete(executionId);
    return instance;
  }

  put(executionId: string, instance: WorkflowInstance): void {
    if (this.capacity <= 0) return;
    this.#instances.delete(executionId);
    this.#instances.set(executionId, instance);
    if (this.#instances.size > this.capacity) {
      const oldest = this.#instances.keys().next().value as string;
      this.#instances.delete(oldest);
    }
  }

  delete(executionId: string): void {
    this.#instances.delete(executionId);
  }

  get size(): number {
    return this.#instances.size;
  }
}
