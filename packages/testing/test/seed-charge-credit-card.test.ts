import { beforeEach, describe, expect, it } from "vitest";
import { TestEnvironment } from "../src/index.js";
import { chargeCreditCard, chargeOrder, stripe } from "./fixtures/seed-charge-credit-card.js";

describe("the seed's Stripe activity, run unchanged", () => {
  const env = new TestEnvironment();

  beforeEach(async () => {
    await env.initialize();
    stripe.created.length = 0;
    stripe.declinedSources.clear();
  });

  it("creates one USD charge for the source and amount the workflow passes", async () => {
    const execution = await env.startExecution(chargeOrder, { source: "tok_visa", amount: 1999 });

    expect(await execution.getStatus()).toMatchObject({ status: "SUCCEEDED", result: "charged" });
    expect(stripe.created).toEqual([{ amount: 1999, source: "tok_visa", currency: "usd" }]);
  });

  it("fails the workflow with Stripe's error name and message when the card is declined", async () => {
    stripe.declinedSources.add("tok_declined");
    const execution = await env.startExecution(chargeOrder, { source: "tok_declined", amount: 5 });

    expect(await execution.getStatus()).toMatchObject({
      status: "FAILED",
      error: { name: "CardError", message: "Your card was declined." },
    });
    expect(stripe.created).toEqual([]);
  });

  it("is declared under the seed's name with no retry policy, so a declined card is tried once", async () => {
    stripe.declinedSources.add("tok_declined");
    const charges = env.mockActivity(chargeCreditCard).invokeReal();
    await env.startExecution(chargeOrder, { source: "tok_declined", amount: 5 });
    await env.tick(120);

    expect(chargeCreditCard.activityName).toBe("chargeCC");
    expect(charges.calls.map((call) => call.attempt)).toEqual([1]);
  });
});
