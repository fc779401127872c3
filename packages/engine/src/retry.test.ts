import { describe, expect, it } from "vitest";
import { retryDelaySeconds } from "./retry.js";

describe("retryDelaySeconds", () => {
  it("runs once when there is no policy", () => {
    expect(retryDelaySeconds(undefined, 1)).toBeUndefined();
  });

  it("backs off exponentially from one second and stops at maxAttempts", () => {
    const policy = { maxAttempts: 4 };
    expect([1, 2, 3, 4].map((attempt) => retryDelaySeconds(policy, attempt))).toEqual([
      1,
      2,
      4,
      undefined,
    ]);
  });

  it("caps the interval at sixty seconds by default", () => {
    expect(retryDelaySeconds({ maxAttempts: 20 }, 10)).toBe(60);
  });

  it("follows the policy's own interval, factor and cap", () => {
    const policy = { maxAttempts: 9, initialInterval: 5, backoffCoefficient: 3, maxInterval: 100 };
    expect([1, 2, 3, 4].map((attempt) => retryDelaySeconds(policy, attempt))).toEqual([
      5, 15, 45, 100,
    ]);
  });
});
