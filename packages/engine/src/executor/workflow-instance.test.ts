import { activity, EventualError, sleepFor, workflow } from "@eventual/core";
import { describe, expect, it } from "vitest";
import type { InputEvent } from "../history.js";
import {
  activityFailed,
  activityScheduled,
  activitySucceeded,
  cancelled,
  cancelRequested,
  childFailed,
  childScheduled,
  childSucceeded,
  failed,
  newInstance,
  signalSent,
  started,
  succeeded,
  timedOut,
  timerCompleted,
  timerScheduled,
} from "./test-events.js";
import type { WorkflowInstance } from "./workflow-instance.js";

const double = activity("wi.double", (n: number) => n * 2);
const slow = activity("wi.slow", () => "slow");
const flaky = activity("wi.flaky", (label: string) => label);
const charge = activity("wi.charge", (amount: number) => amount);
const notify = activity("wi.notify", (message: string) => message);

/** What a caught error looks like, in a form a workflow can return. */
function describeError(error: unknown) {
  const { name, message } = error as Error;
  return { eventual: error instanceof EventualError, name, message };
}

const doubleThrice = workflow("wi-doubleThrice", async (n: number) => {
  const once = await double(n);
  const twice = await double(once);
  return double(twice);
});

const fanOut = workflow("wi-fanOut", async (count: number) =>
  Promise.all(Array.from({ length: count }, (_, i) => double(i))),
);

const raceTimer = workflow("wi-raceTimer", async () => {
  const winner = await Promise.race([
    sleepFor(60).then(() => "timer"),
    slow().then(() => "activity"),
  ]);
  return { winner, after: await double(1) };
});

const firstSuccess = workflow("wi-firstSuccess", async () =>
  Promise.any([flaky("a"), flaky("b"), flaky("c")]),
);

const settleAll = workflow("wi-settleAll", async () => {
  const settled = await Promise.allSettled([flaky("a"), flaky("b")]);
  return settled.map((s) =>
    s.status === "fulfilled" ? { value: s.value } : { error: describeError(s.reason) },
  );
});

const chargeOrNotify = workflow("wi-chargeOrNotify", async (amount: number) => {
  try {
    return { charged: await charge(amount) };
  } catch (error) {
    await notify((error as Error).message);
    return { declined: describeError(error) };
  }
});

const childDouble = workflow("wi-childDouble", async (n: number) => n * 2);
const parentOfChild = workflow("wi-parent", async (n: number) => {
  try {
    return { result: await childDouble(n) };
  } catch (error) {
    return { childError: describeError(error) };
  }
});
const parentWithOptions = workflow("wi-parentWithOptions", async () => {
  const child = childDouble(5, { timeout: 30 });
  await child.sendSignal("wi-poke", "hello");
  return child;
});

const getCart = activity("wi.getCart", () => ({ items: ["book"] }));
const addGift = workflow("wi-addGift", async () => {
  const cart = await getCart();
  cart.items.push("gift");
  await notify(cart.items.join());
});
const recordItems = activity("wi.recordItems", (items: string[]) => items.length);
const listSoFar = workflow("wi-listSoFar", async () => {
  const items = ["a"];
  const recorded = recordItems(items);
  items.push("b");
  await recorded;
});

const recordTotal = workflow("wi-recordTotal", async () => {
  try {
    await charge(10n as unknown as number);
  } catch (error) {
    return describeError(error);
  }
});

const waitsForever = workflow("wi-waitsForever", async () => {
  await slow();
});
const throwsObject = workflow("wi-throwsObject", async () => {
  throw { code: 42 };
});
const throwsString = workflow("wi-throwsString", async () => {
  throw "boom";
});

/** Applies events one at a time, as separate workflow tasks, and returns every step. */
async function applyEach(instance: WorkflowInstance, events: InputEvent[]) {
  const steps = [];
  for (const event of events) steps.push(await instance.apply([event]));
  return steps;
}

describe("WorkflowInstance: activities", () => {
  it("schedules the first activity with its arguments when the execution starts", async () => {
    const instance = newInstance(doubleThrice);

    expect(await instance.apply([started(3)])).toEqual({
      history: [started(3), activityScheduled(0, "wi.double", [3])],
      commands: [activityScheduled(0, "wi.double", [3])],
    });
  });

  it("numbers sequential activities 0, 1, 2 and passes each result into the next call", async () => {
    const instance = newInstance(doubleThrice);
    await instance.apply([started(3)]);

    const steps = await applyEach(instance, [
      activitySucceeded(0, 6, 1),
      activitySucceeded(1, 12, 2),
      activitySucceeded(2, 24, 3),
    ]);

    expect(steps).toEqual([
      {
        history: [activitySucceeded(0, 6, 1), activityScheduled(1, "wi.double", [6], 1)],
        commands: [activityScheduled(1, "wi.double", [6], 1)],
      },
      {
        history: [activitySucceeded(1, 12, 2), activityScheduled(2, "wi.double", [12], 2)],
        commands: [activityScheduled(2, "wi.double", [12], 2)],
      },
      {
        history: [activitySucceeded(2, 24, 3), succeeded(24, 3)],
        commands: [],
        outcome: succeeded(24, 3),
      },
    ]);
  });

  it("applies several events of one task in order, interleaving the commands they unlock", async () => {
    const instance = newInstance(doubleThrice);

    const step = await instance.apply([started(1), activitySucceeded(0, 2, 1)]);

    expect(step.history).toEqual([
      started(1),
      activityScheduled(0, "wi.double", [1]),
      activitySucceeded(0, 2, 1),
      activityScheduled(1, "wi.double", [2], 1),
    ]);
    expect(instance.historyLength).toBe(4);
  });

  it("keeps an activity error's name and message for the workflow's catch", async () => {
    const instance = newInstance(chargeOrNotify);
    await instance.apply([started(100)]);

    const failure = await instance.apply([
      activityFailed(0, "CardDeclined", "insufficient funds", 1),
    ]);
    const end = await instance.apply([activitySucceeded(1, null, 2)]);

    expect(failure.commands).toEqual([
      activityScheduled(1, "wi.notify", ["insufficient funds"], 1),
    ]);
    expect(end.outcome).toEqual(
      succeeded(
        { declined: { eventual: true, name: "CardDeclined", message: "insufficient funds" } },
        2,
      ),
    );
  });

  it("fails the execution with an uncaught activity error's name and message", async () => {
    const instance = newInstance(doubleThrice);
    await instance.apply([started(3)]);

    const step = await instance.apply([activityFailed(0, "Overflow", "too big", 1)]);

    expect(step).toEqual({
      history: [
        activityFailed(0, "Overflow", "too big", 1),
        failed({ name: "Overflow", message: "too big" }, 1),
      ],
      commands: [],
      outcome: failed({ name: "Overflow", message: "too big" }, 1),
    });
  });
});

describe("WorkflowInstance: what history records", () => {
  it("records an activity result as it arrived, even if the workflow then mutates it", async () => {
    const instance = newInstance(addGift);
    await instance.apply([started()]);

    const step = await instance.apply([activitySucceeded(0, { items: ["book"] }, 1)]);

    expect(step).toEqual({
      history: [
        activitySucceeded(0, { items: ["book"] }, 1),
        activityScheduled(1, "wi.notify", ["book,gift"], 1),
      ],
      commands: [activityScheduled(1, "wi.notify", ["book,gift"], 1)],
    });
  });

  it("records a command's arguments as they were when it was called", async () => {
    const step = await newInstance(listSoFar).apply([started()]);

    expect(step.commands).toEqual([activityScheduled(0, "wi.recordItems", [["a"]])]);
  });

  it("throws at the call, issuing nothing, when a command's arguments cannot be stored", async () => {
    const step = await newInstance(recordTotal).apply([started()]);

    expect(step).toEqual({
      history: [
        started(),
        succeeded({
          eventual: false,
          name: "TypeError",
          message: "Do not know how to serialize a BigInt",
        }),
      ],
      commands: [],
      outcome: succeeded({
        eventual: false,
        name: "TypeError",
        message: "Do not know how to serialize a BigInt",
      }),
    });
  });
});

describe("WorkflowInstance: Promise combinators", () => {
  const hundred = Array.from({ length: 100 }, (_, seq) => seq);

  it("schedules 100 activities of a Promise.all as seq 0 to 99 in one step", async () => {
    const instance = newInstance(fanOut);

    const step = await instance.apply([started(100)]);

    expect(step.commands).toEqual(hundred.map((seq) => activityScheduled(seq, "wi.double", [seq])));
    expect(step.outcome).toBeUndefined();
  });

  it("ends a Promise.all with results in call order whatever order completions arrive in", async () => {
    const completions = hundred.map((seq) => activitySucceeded(seq, seq * 2, 100));
    const expected = succeeded(
      hundred.map((seq) => seq * 2),
      100,
    );

    for (const order of [completions, [...completions].reverse()]) {
      const instance = newInstance(fanOut);
      await instance.apply([started(100)]);
      const steps = await applyEach(instance, order);

      expect(steps.slice(0, -1).every((s) => s.commands.length === 0 && !s.outcome)).toBe(true);
      expect(steps.at(-1)?.outcome).toEqual(expected);
    }
  });

  it("lets the timer win a race with an activity and ignores the activity's late failure", async () => {
    const instance = newInstance(raceTimer);

    const start = await instance.apply([started()]);
    const [timerFired, lateFailure, end] = await applyEach(instance, [
      timerCompleted(0, 60),
      activityFailed(1, "TooSlow", "gave up", 61),
      activitySucceeded(2, 2, 62),
    ]);

    expect(start.commands).toEqual([timerScheduled(0, 60), activityScheduled(1, "wi.slow", [])]);
    expect(timerFired?.commands).toEqual([activityScheduled(2, "wi.double", [1], 60)]);
    expect(lateFailure).toEqual({
      history: [activityFailed(1, "TooSlow", "gave up", 61)],
      commands: [],
    });
    expect(end?.outcome).toEqual(succeeded({ winner: "timer", after: 2 }, 62));
  });

  it("lets the activity win a race with a timer and ignores the timer firing later", async () => {
    const instance = newInstance(raceTimer);
    await instance.apply([started()]);

    const [activityDone, lateTimer, end] = await applyEach(instance, [
      activitySucceeded(1, "slow", 5),
      timerCompleted(0, 60),
      activitySucceeded(2, 2, 61),
    ]);

    expect(activityDone?.commands).toEqual([activityScheduled(2, "wi.double", [1], 5)]);
    expect(lateTimer).toEqual({ history: [timerCompleted(0, 60)], commands: [] });
    expect(end?.outcome).toEqual(succeeded({ winner: "activity", after: 2 }, 61));
  });

  it("resolves Promise.any with the first success after a failure", async () => {
    const instance = newInstance(firstSuccess);
    const start = await instance.apply([started()]);

    const [failure, success] = await applyEach(instance, [
      activityFailed(0, "Boom", "a broke", 1),
      activitySucceeded(2, "c", 2),
    ]);

    expect(start.commands).toEqual(
      ["a", "b", "c"].map((label, seq) => activityScheduled(seq, "wi.flaky", [label])),
    );
    expect(failure?.outcome).toBeUndefined();
    expect(success?.outcome).toEqual(succeeded("c", 2));
  });

  it("fails the execution with AggregateError when every Promise.any branch fails", async () => {
    const instance = newInstance(firstSuccess);
    await instance.apply([started()]);

    const steps = await applyEach(
      instance,
      [0, 1, 2].map((seq) => activityFailed(seq, "Boom", `${seq} broke`, 1)),
    );

    expect(steps.at(-1)?.outcome).toEqual(
      failed({ name: "AggregateError", message: "All promises were rejected" }, 1),
    );
  });

  it("reports each Promise.allSettled branch, keeping the failed one's name and message", async () => {
    const instance = newInstance(settleAll);
    await instance.apply([started()]);

    const [, end] = await applyEach(instance, [
      activityFailed(1, "Boom", "b broke", 1),
      activitySucceeded(0, "a", 2),
    ]);

    expect(end?.outcome).toEqual(
      succeeded(
        [{ value: "a" }, { error: { eventual: true, name: "Boom", message: "b broke" } }],
        2,
      ),
    );
  });
});

describe("WorkflowInstance: child workflows", () => {
  it("schedules a child with the execution id <parent>~<seq> and returns its result", async () => {
    const instance = newInstance(parentOfChild, "p1");

    const start = await instance.apply([started(4)]);
    const end = await instance.apply([childSucceeded(0, 8, 1)]);

    expect(start.commands).toEqual([childScheduled(0, "wi-childDouble", "wi-parent~p1~0", 4)]);
    expect(end.outcome).toEqual(succeeded({ result: 8 }, 1));
  });

  it("rejects the parent's await with a failed child's name and message", async () => {
    const instance = newInstance(parentOfChild, "p1");
    await instance.apply([started(4)]);

    const end = await instance.apply([childFailed(0, "OutOfStock", "no widgets left", 1)]);

    expect(end.outcome).toEqual(
      succeeded(
        { childError: { eventual: true, name: "OutOfStock", message: "no widgets left" } },
        1,
      ),
    );
  });

  it("carries a child's timeout into its command and signals the child by its id", async () => {
    const instance = newInstance(parentWithOptions, "p2");

    const start = await instance.apply([started()]);

    expect(start.commands).toEqual([
      { ...childScheduled(0, "wi-childDouble", "wi-parentWithOptions~p2~0", 5), timeout: 30 },
      signalSent(1, "wi-parentWithOptions~p2~0", "wi-poke", "hello"),
    ]);
  });
});

describe("WorkflowInstance: how an execution ends", () => {
  it("ends with WorkflowCancelled, keeping the reason, when cancellation is requested", async () => {
    const instance = newInstance(waitsForever);
    await instance.apply([started()]);

    const step = await instance.apply([cancelRequested("changed my mind", 5)]);

    expect(step).toEqual({
      history: [cancelRequested("changed my mind", 5), cancelled("changed my mind", 5)],
      commands: [],
      outcome: cancelled("changed my mind", 5),
    });
  });

  it("fails with a Timeout error when the workflow times out", async () => {
    const instance = newInstance(waitsForever);
    await instance.apply([started()]);

    const step = await instance.apply([timedOut(86400)]);

    expect(step.outcome).toEqual(
      failed({ name: "Timeout", message: "Workflow timed out." }, 86400),
    );
  });

  it("applies nothing once the execution has ended", async () => {
    const instance = newInstance(waitsForever);
    await instance.apply([started(), cancelRequested(undefined, 1)]);

    const step = await instance.apply([activitySucceeded(0, "slow", 2), timedOut(3)]);

    expect(step).toEqual({ history: [], commands: [] });
    expect(instance.outcome).toEqual(cancelled(undefined, 1));
    expect(instance.historyLength).toBe(4);
  });

  it("fails with name Error and the value's JSON as message when a non-Error is thrown", async () => {
    const objectThrower = newInstance(throwsObject);
    const stringThrower = newInstance(throwsString);

    expect((await objectThrower.apply([started()])).outcome).toEqual(
      failed({ name: "Error", message: '{"code":42}' }),
    );
    expect((await stringThrower.apply([started()])).outcome).toEqual(
      failed({ name: "Error", message: '"boom"' }),
    );
  });
});
