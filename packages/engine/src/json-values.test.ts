import { describe, expect, it } from "vitest";
import { jsonProblem } from "./json-values.js";

/** `[[[…]]]` nested `depth` levels deep. */
function nested(depth: number): unknown {
  let value: unknown = [];
  for (let i = 1; i < depth; i++) value = [value];
  return value;
}

describe("jsonProblem", () => {
  it.each([
    ["a plain object", { order: { items: [1, "two", null, true], at: "2026-01-01" } }],
    ["a primitive", "text"],
    ["undefined", undefined],
    ["a value exactly at the limit", nested(256)],
    ["a Date, through its toJSON", { at: new Date(0) }],
  ])("finds nothing wrong with %s", (_, value) => {
    expect(jsonProblem(value, 256)).toBeUndefined();
  });

  it("refuses a value nested deeper than the limit, however deep, without overflowing", () => {
    expect(jsonProblem(nested(257), 256)).toBe("is nested deeper than 256 levels");
    expect(jsonProblem(nested(1_000_000), 256)).toBe("is nested deeper than 256 levels");
    expect(jsonProblem({ a: nested(10) }, 8)).toBe("is nested deeper than 8 levels");
  });

  it("names where a bigint is, which JSON.stringify would throw on", () => {
    expect(jsonProblem({ order: { items: [1, 2n] } }, 256)).toBe(
      "holds a bigint at $.order.items[1], which JSON cannot carry",
    );
    expect(jsonProblem(3n, 256)).toBe("holds a bigint at $, which JSON cannot carry");
  });

  it("reads a circular value as too deep", () => {
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(jsonProblem(loop, 256)).toBe("is nested deeper than 256 levels");
  });

  it("judges what toJSON returns, as JSON.stringify writes it", () => {
    const sneaky = { toJSON: () => ({ amount: 1n }) };
    expect(jsonProblem([sneaky], 256)).toBe(
      "holds a bigint at $[0].amount, which JSON cannot carry",
    );
  });
});
