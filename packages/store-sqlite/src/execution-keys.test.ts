import { describe, expect, it } from "vitest";
import { ExecutionKeys } from "./execution-keys.js";

describe("ExecutionKeys", () => {
  const stored = new Map([
    ["a", 1],
    ["b", 2],
    ["c", 3],
  ]);

  function keys(capacity?: number) {
    const lookups: string[] = [];
    const found = new ExecutionKeys((id) => {
      lookups.push(id);
      return stored.get(id);
    }, capacity);
    return { found, lookups };
  }

  it("looks a key up once and remembers it", () => {
    const { found, lookups } = keys();
    expect(found.of("a")).toBe(1);
    expect(found.of("a")).toBe(1);
    expect(lookups).toEqual(["a"]);
  });

  it("answers null for an execution that does not exist, and asks again next time", () => {
    const { found, lookups } = keys();
    expect(found.of("missing")).toBeNull();
    expect(found.of("missing")).toBeNull();
    expect(lookups).toEqual(["missing", "missing"]);
  });

  it("keeps at most `capacity` keys, forgetting the one learned longest ago", () => {
    const { found, lookups } = keys(2);
    found.of("a");
    found.of("b");
    found.of("c");
    found.of("b");
    found.of("a");
    expect(lookups).toEqual(["a", "b", "c", "a"]);
  });

  it("forgets one key, or all of them", () => {
    const { found, lookups } = keys();
    found.remember("a", 1);
    found.remember("b", 2);
    found.forget("a");
    expect(found.of("a")).toBe(1);
    found.forgetAll();
    expect(found.of("b")).toBe(2);
    expect(lookups).toEqual(["a", "b"]);
  });
});
