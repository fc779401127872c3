import type { WorkflowInstance } from "./workflow-instance.js";

/**
 * Live workflow instances by execution id, least recently used evicted first. A task *takes* an
 * instance out and puts it back only after its commit landed, so the cache never holds an
 * instance that is ahead of the database.
 */
export class InstanceCache {
  readonly #instances = new Map<string, WorkflowInstance>();
  /** Executions whose instance a local timer will need: evicted last. */
  readonly #pinned = new Map<string, number>();

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
    if (this.#instances.size > this.capacity) this.#evictOne();
  }

  /** Keeps the execution's instance from eviction until as many `unpin`s; not from `take`. */
  pin(executionId: string): void {
    this.#pinned.set(executionId, (this.#pinned.get(executionId) ?? 0) + 1);
  }

  unpin(executionId: string): void {
    const count = (this.#pinned.get(executionId) ?? 0) - 1;
    if (count > 0) this.#pinned.set(executionId, count);
    else this.#pinned.delete(executionId);
  }

  /** Evicts the least recently used instance that is not pinned, if there is one. */
  #evictOne(): void {
    for (const executionId of this.#instances.keys()) {
      if (this.#pinned.has(executionId)) continue;
      this.#instances.delete(executionId);
      return;
    }
  }

  delete(executionId: string): void {
    this.#instances.delete(executionId);
  }

  get size(): number {
    return this.#instances.size;
  }
}
