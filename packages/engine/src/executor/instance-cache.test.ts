import { workflow } from "@eventual/core";
import { describe, expect, it } from "vitest";
import { InstanceCache } from "./instance-cache.js";
import { newInstance } from "./test-events.js";
import type { WorkflowInstance } from "./workflow-instance.js";

const idle = workflow("ic-idle", async () => {});

/** An unstarted instance that claims to have applied `historyLength` events. */
function instanceAt(historyLength: number): WorkflowInstance {
  const instance = newInstance(idle);
  instance.historyLength = historyLength;
  return instance;
}

describe("InstanceCache", () => {
  it("hands an instance back only at the history length it has applied", () => {
    const cache = new InstanceCache(10);
    const instance = instanceAt(4);
    cache.put("a", instance);

    expect(cache.take("a", 4)).toBe(instance);
    expect(cache.take("a", 4)).toBeUndefined();
  });

  it("drops an instance whose history length does not match, so a stale one is never served", () => {
    const cache = new InstanceCache(10);
    cache.put("a", instanceAt(4));

    expect(cache.take("a", 6)).toBeUndefined();
    expect(cache.size).toBe(0);
    expect(cache.take("a", 4)).toBeUndefined();
  });

  it("evicts the least recently put instance when full", () => {
    const cache = new InstanceCache(2);
    const [a, b, c] = [instanceAt(1), instanceAt(1), instanceAt(1)];
    cache.put("a", a);
    cache.put("b", b);
    cache.put("a", a);
    cache.put("c", c);

    expect(cache.size).toBe(2);
    expect(cache.take("b", 1)).toBeUndefined();
    expect(cache.take("a", 1)).toBe(a);
    expect(cache.take("c", 1)).toBe(c);
  });

  it("replaces the instance of an execution that is put again", () => {
    const cache = new InstanceCache(2);
    const older = instanceAt(1);
    const newer = instanceAt(3);
    cache.put("a", older);
    cache.put("a", newer);

    expect(cache.size).toBe(1);
    expect(cache.take("a", 3)).toBe(newer);
  });

  it("stores nothing at capacity 0", () => {
    const cache = new InstanceCache(0);
    cache.put("a", instanceAt(1));

    expect(cache.size).toBe(0);
    expect(cache.take("a", 1)).toBeUndefined();
  });

  it("forgets a deleted execution", () => {
    const cache = new InstanceCache(2);
    cache.put("a", instanceAt(1));
    cache.delete("a");

    expect(cache.take("a", 1)).toBeUndefined();
  });
});
