import { activity, signal, sleepFor, workflow } from "@eventual/core";
import { describe, expect, it } from "vitest";
import {
  activityScheduled,
  activitySucceeded,
  replayInstance,
  signalReceived,
  started,
  succeeded,
  timerCompleted,
  timerScheduled,
} from "./test-events.js";
import { determinismError, runLive } from "./test-runs.js";

const step = activity("rp.step", (n: number) => n);
const reserve = activity("rp.reserve", (id: string) => id);
const charge = activity("rp.charge", (amount: number) => amount);
const audit = activity("rp.audit", (entry: string) => entry);
const refund = activity("rp.refund", (amount: number) => amount);
const add = signal<number>("rp-add");
const proceed = signal("rp-proceed");

/** Keeps state in locals, a signal handler and timers, all of which replay must rebuild. */
const accumulate = workflow("rp-accumulate", async (rounds: number) => {
  let total = 0;
  add.onSignal((n) => {
    total += n;
  });
  for (let round = 0; round < rounds; round++) {
    total += await step(total);
    await sleepFor(10);
  }
  return total;
});

const order = workflow("rp-order", async (id: string) => {
  await reserve(id);
  return charge(100);
});
const orderRefunding = workflow("rp-orderRefunding", async (id: string) => {
  await reserve(id);
  return refund(100);
});
const orderWaitingInstead = workflow("rp-orderWaitingInstead", async (id: string) => {
  await reserve(id);
  await proceed.expectSignal();
  return charge(100);
});
const orderEndingEarly = workflow("rp-orderEndingEarly", async (id: string) => reserve(id));
const orderAuditingToo = workflow("rp-orderAuditingToo", async (id: string) => {
  await Promise.all([reserve(id), audit(id)]);
  return charge(100);
});
const orderChargingMore = workflow("rp-orderChargingMore", async (id: string) => {
  await reserve(`${id}-v2`);
  return charge(250);
});
const waitForProceed = workflow("rp-waitForProceed", async () => {
  await proceed.expectSignal();
  return "proceeded";
});
const returnAtOnce = workflow("rp-returnAtOnce", async () => "proceeded");
const chargeBigint = workflow("rp-chargeBigint", async () => {
  let attempt: string | undefined;
  try {
    await charge(1n as unknown as number);
  } catch (error) {
    attempt = (error as Error).name;
  }
  return [attempt, await charge(1)];
});
const getCart = activity("rp.getCart", () => ({ items: ["book"] }));
const addGift = workflow("rp-addGift", async () => {
  const cart = await getCart();
  cart.items.push("gift");
  return cart;
});

describe("WorkflowInstance.replay", () => {
  const accumulateEvents = [
    started(2, 0),
    activitySucceeded(0, 1, 1),
    signalReceived("rp-add", 5, 2),
    timerCompleted(1, 11),
  ];

  it("rebuilds a live instance's state, so the next event yields the same step", async () => {
    const live = await runLive(accumulate, accumulateEvents);
    const replayed = await replayInstance(accumulate, live.history);
    const next = activitySucceeded(2, 6, 12);
    expect(replayed.historyLength).toBe(live.history.length);

    const liveStep = await live.instance.apply([next]);
    const replayedStep = await replayed.apply([next]);

    expect(liveStep).toEqual({
      history: [next, timerScheduled(3, 22, 12)],
      commands: [timerScheduled(3, 22, 12)],
    });
    expect(replayedStep).toEqual(liveStep);
    const end = [timerCompleted(3, 22)];
    expect(await replayed.apply(end)).toEqual(await live.instance.apply(end));
    expect(replayed.outcome).toEqual(succeeded(12, 22));
  });

  it("issues nothing while replaying", async () => {
    const live = await runLive(accumulate, accumulateEvents);

    const replayed = await replayInstance(accumulate, live.history);

    expect(await replayed.apply([])).toEqual({ history: [], commands: [] });
  });

  it("rebuilds the same state when the workflow mutated a result it received", async () => {
    const live = await runLive(addGift, [started(), activitySucceeded(0, { items: ["book"] }, 1)]);
    expect(live.history).toContainEqual(activitySucceeded(0, { items: ["book"] }, 1));

    const replayed = await replayInstance(addGift, live.history);

    expect(replayed.outcome).toEqual(succeeded({ items: ["book", "gift"] }, 1));
  });

  it("fails a call with unstorable arguments on replay as it did on the first run", async () => {
    const live = await runLive(chargeBigint, [started()]);

    const replayed = await replayInstance(chargeBigint, live.history);
    const end = await replayed.apply([activitySucceeded(1, 1, 1)]);

    expect(live.history).toEqual([started(), activityScheduled(1, "rp.charge", [1])]);
    expect(end.outcome).toEqual(succeeded(["TypeError", 1], 1));
  });

  it("reaches the outcome an ended history recorded", async () => {
    const live = await runLive(order, [
      started("o-1"),
      activitySucceeded(0, "o-1", 1),
      activitySucceeded(1, 100, 2),
    ]);

    const replayed = await replayInstance(order, live.history);

    expect(replayed.outcome).toEqual(succeeded(100, 2));
  });
});

describe("WorkflowInstance.replay of changed code", () => {
  const orderSoFar = [started("o-1"), activitySucceeded(0, "o-1", 1)];

  it("throws a DeterminismError naming the seq and both activities when another is scheduled", async () => {
    const { history } = await runLive(order, orderSoFar);

    const error = await determinismError(replayInstance(orderRefunding, history));

    expect(error.message).toBe(
      'At seq 1 history recorded activity "rp.charge", but the workflow now issues activity "rp.refund".',
    );
  });

  it("throws when the workflow no longer issues a recorded command", async () => {
    const { history } = await runLive(order, orderSoFar);

    const error = await determinismError(replayInstance(orderWaitingInstead, history));

    expect(error.message).toContain("seq 1");
    expect(error.message).toContain('"rp.charge"');
  });

  it("throws when the workflow now ends before a command history recorded", async () => {
    const { history } = await runLive(order, orderSoFar);

    const error = await determinismError(replayInstance(orderEndingEarly, history));

    expect(error.message).toContain("seq 1");
    expect(error.message).toContain('"rp.charge"');
  });

  it("throws when the workflow now ends where history recorded no end", async () => {
    const { history } = await runLive(waitForProceed, [started()]);

    const error = await determinismError(replayInstance(returnAtOnce, history));

    expect(error.message).toContain("WorkflowSucceeded");
  });

  it("throws when history recorded an end the workflow no longer reaches", async () => {
    const { history } = await runLive(returnAtOnce, [started()]);

    const error = await determinismError(replayInstance(waitForProceed, history));

    expect(error.message).toContain("WorkflowSucceeded");
  });

  it("throws when the workflow issues a command history does not have", async () => {
    const { history } = await runLive(order, [started("o-1")]);

    const error = await determinismError(replayInstance(orderAuditingToo, history));

    expect(error.message).toContain("seq 1");
    expect(error.message).toContain('"rp.audit"');
  });

  it("accepts changed activity arguments, which are not a divergence", async () => {
    const { history } = await runLive(order, orderSoFar);

    const replayed = await replayInstance(orderChargingMore, history);
    const end = await replayed.apply([activitySucceeded(1, 250, 2)]);

    expect(history).toContainEqual(activityScheduled(1, "rp.charge", [100], 1));
    expect(end.outcome).toEqual(succeeded(250, 2));
  });
});
