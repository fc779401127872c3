import { describe, expect, it } from "vitest";
import { HistoryDescriber } from "./history-lines.js";

describe("HistoryDescriber", () => {
  it("describes a failed attempt by its activity, error and the wait before the next one", () => {
    const describer = new HistoryDescriber();
    describer.describe({
      type: "ActivityScheduled",
      seq: 0,
      name: "chargeCard",
      args: ["4242", 10],
      timestamp: "2026-01-01T00:00:00.000Z",
    });

    const line = describer.describe({
      type: "ActivityRetrying",
      seq: 0,
      attempt: 1,
      error: { name: "CardDeclined", message: "try later" },
      retryDelay: 2,
      timestamp: "2026-01-01T00:00:01.500Z",
    });

    expect(line).toEqual({
      seq: "0",
      offset: "+1.5s",
      type: "ActivityRetrying",
      details: "chargeCard attempt 1 failed, retrying in 2.0s: CardDeclined: try later",
    });
  });
});
