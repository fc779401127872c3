import { describe, expect, it } from "vitest";
import { EventPusher } from "./event-pusher.js";
import type { PushedEvent, PushOutcome } from "./service-links.js";

const pushed = (id: string): PushedEvent => ({ id, name: "Order", event: {}, publishedAt: 0 });

/** A push whose answers the test releases by hand, recording each batch it is given. */
function heldPush() {
  const batches: { service: string; ids: string[]; answer: (error?: Error) => void }[] = [];
  const push = (service: string, events: PushedEvent[]) =>
    new Promise<PushOutcome[]>((resolve, reject) => {
      batches.push({
        service,
        ids: events.map((event) => event.id),
        answer: (error) =>
          error ? reject(error) : resolve(events.map(() => ({ status: "stored" }))),
      });
    });
  return { batches, push };
}

describe("EventPusher", () => {
  it("sends what is pushed in one turn together, and batches what waits behind a full service", async () => {
    const { batches, push } = heldPush();
    const pusher = new EventPusher(push, 2, 1);
    const outcomes = ["a", "b", "c", "d", "e"].map((id) => pusher.send("invoices", pushed(id)));
    const other = pusher.send("shipping", pushed("x"));
    await Promise.resolve();
    // One request in flight per service here: the others wait, in batches of two.
    expect(batches.map((batch) => [batch.service, batch.ids])).toEqual([
      ["invoices", ["a", "b"]],
      ["shipping", ["x"]],
    ]);
    batches[0]!.answer();
    await expect(outcomes[0]).resolves.toEqual({ status: "stored" });
    expect(batches.map((batch) => batch.ids)).toEqual([["a", "b"], ["x"], ["c", "d"]]);
    batches[2]!.answer(new Error("HTTP 503"));
    await expect(outcomes[2]).rejects.toThrow("HTTP 503");
    await expect(outcomes[3]).rejects.toThrow("HTTP 503");
    batches[3]!.answer();
    batches[1]!.answer();
    await expect(Promise.all([outcomes[4], other])).resolves.toHaveLength(2);
  });

  it("fails every event of an answer that does not account for each", async () => {
    const pusher = new EventPusher(async () => [{ status: "stored" }]);
    const outcomes = [pusher.send("invoices", pushed("a")), pusher.send("invoices", pushed("b"))];
    for (const outcome of outcomes) {
      await expect(outcome).rejects.toThrow("invoices answered 1 outcomes for 2 events.");
    }
  });
});
