import { InvalidArgumentError } from "commander";
import { describe, expect, it } from "vitest";
import { sinceAt } from "./options.js";

describe("--since", () => {
  const now = Date.parse("2026-11-25T04:20:00.000Z");

  it("takes a duration before now, or an ISO time", () => {
    expect(sinceAt("90s", now)).toBe("2026-11-25T04:18:30.000Z");
    expect(sinceAt("10m", now)).toBe("2026-11-25T04:10:00.000Z");
    expect(sinceAt("2h", now)).toBe("2026-11-25T02:20:00.000Z");
    expect(sinceAt("1d", now)).toBe("2026-11-24T04:20:00.000Z");
    expect(sinceAt("2026-11-25T04:00:00+01:00", now)).toBe("2026-11-25T03:00:00.000Z");
  });

  it("refuses anything else", () => {
    for (const bad of ["10", "ten minutes", "5w", "yesterday", ""]) {
      expect(() => sinceAt(bad, now), bad).toThrow(InvalidArgumentError);
    }
  });
});
