import { describe, expect, it } from "vitest";
import { colorEnabled } from "./colors.js";
import { formatDuration, inlineJson } from "./format.js";

describe("output formatting", () => {
  it("shows durations in the largest unit that reads well", () => {
    expect([0, 850, 1_000, 12_340, 65_000, 3_600_000, 7_830_000].map(formatDuration)).toEqual([
      "0ms",
      "850ms",
      "1.0s",
      "12.3s",
      "1m 05s",
      "1h 00m",
      "2h 10m",
    ]);
  });

  it("cuts long JSON to fit a cell and marks the cut", () => {
    expect(inlineJson({ a: 1 })).toBe('{"a":1}');
    expect(inlineJson(undefined)).toBe("-");
    const cut = inlineJson({ text: "x".repeat(100) }, 20);
    expect(cut).toHaveLength(20);
    expect(cut.endsWith("…")).toBe(true);
  });

  it("colours a terminal only, unless NO_COLOR or FORCE_COLOR says otherwise", () => {
    const tty = { isTTY: true };
    const pipe = { isTTY: false };
    expect(colorEnabled(tty, {})).toBe(true);
    expect(colorEnabled(pipe, {})).toBe(false);
    expect(colorEnabled(pipe, { CI: "true" })).toBe(false);
    expect(colorEnabled(tty, { TERM: "dumb" })).toBe(false);
    expect(colorEnabled(tty, { NO_COLOR: "" })).toBe(false);
    expect(colorEnabled(pipe, { FORCE_COLOR: "1" })).toBe(true);
    expect(colorEnabled(tty, { FORCE_COLOR: "0" })).toBe(false);
    expect(colorEnabled(pipe, { FORCE_COLOR: "1", NO_COLOR: "1" })).toBe(false);
  });
});
