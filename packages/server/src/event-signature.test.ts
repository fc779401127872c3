import { describe, expect, it } from "vitest";
import { signatureProblem, signPush, subscriptionSecret } from "./event-signature.js";

const secret = subscriptionSecret("app secret", "order-service", "invoice-service");
const body = '{"events":[{"id":"e-1","name":"OrderPlaced","event":{},"publishedAt":0}]}';
const now = Date.parse("2026-12-01T12:00:00Z");

describe("push signatures", () => {
  it("holds for the body and time it was made for", () => {
    expect(
      signatureProblem(secret, signPush(secret, body, now), body, now + 1_000),
    ).toBeUndefined();
  });

  it("refuses a changed body, another subscription's secret, and a changed timestamp", () => {
    const header = signPush(secret, body, now);
    expect(signatureProblem(secret, header, body.replace("e-1", "e-2"), now)).toMatch(
      /does not match/,
    );
    const other = subscriptionSecret("app secret", "order-service", "shipping-service");
    expect(signatureProblem(other, header, body, now)).toMatch(/does not match/);
    const later = header.replace(/t=\d+/, `t=${now / 1000 + 1}`);
    expect(signatureProblem(secret, later, body, now)).toMatch(/does not match/);
  });

  it("refuses a push older or further ahead than the window", () => {
    expect(signatureProblem(secret, signPush(secret, body, now - 301_000), body, now)).toBe(
      "The push was signed 301 s ago, outside the 300 s window.",
    );
    expect(signatureProblem(secret, signPush(secret, body, now + 301_000), body, now)).toMatch(
      /outside the 300 s window/,
    );
    expect(signatureProblem(secret, signPush(secret, body, now - 20_000), body, now, 10)).toMatch(
      /outside the 10 s window/,
    );
  });

  it("says what is missing or malformed", () => {
    expect(signatureProblem(secret, undefined, body, now)).toMatch(/not signed/);
    for (const header of ["", "t=1", "v1=00", `t=x,v1=${"0".repeat(64)}`, "t=1,v1=zz"]) {
      expect(signatureProblem(secret, header, body, now)).toMatch(/malformed/);
    }
  });

  it("derives one secret per publisher and subscriber, from the app's secret", () => {
    const secrets = new Set([
      secret,
      subscriptionSecret("app secret", "invoice-service", "order-service"),
      subscriptionSecret("other app secret", "order-service", "invoice-service"),
    ]);
    expect(secrets.size).toBe(3);
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
  });
});
