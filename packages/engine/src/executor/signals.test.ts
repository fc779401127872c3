import {
  activity,
  condition,
  EventualError,
  event,
  sendSignal,
  signal,
  sleepFor,
  Timeout,
  workflow,
} from "@eventual/core";
import { describe, expect, it } from "vitest";
import {
  activityScheduled,
  activitySucceeded,
  eventsPublished,
  failed,
  newInstance,
  replayInstance,
  signalReceived,
  signalSent,
  started,
  succeeded,
  timerCompleted,
  timerScheduled,
} from "./test-events.js";

const escalate = activity("sg.escalate", (reason: string) => reason);
const audit = activity("sg.audit", (entry: string) => entry);
const fetchItem = activity("sg.fetchItem", (id: string) => id);

const approval = signal<{ by: string }>("sg-approval");
const item = signal<string>("sg-item");
const done = signal("sg-done");
const ping = signal<number>("sg-ping");
const orderPlaced = event<{ id: string }>("sg-OrderPlaced");

const awaitApproval = workflow("sg-awaitApproval", async () => {
  try {
    const approved = await approval.expectSignal({ timeout: 30 });
    await audit(approved.by);
    return { approved };
  } catch (error) {
    const { name, message } = error as Error;
    await escalate(name);
    return { timedOut: { name, message, isTimeout: error instanceof Timeout } };
  }
});

const collectItems = workflow("sg-collectItems", async () => {
  const items: string[] = [];
  const handler = item.onSignal((name) => {
    items.push(name);
  });
  await done.expectSignal();
  handler.dispose();
  await done.expectSignal();
  return items;
});

const auditItems = workflow("sg-auditItems", async () => {
  item.onSignal(async (name) => {
    await audit(name);
  });
  await done.expectSignal();
  return "audited";
});

const rejectItems = workflow("sg-rejectItems", async () => {
  item.onSignal((name) => {
    throw new EventualError("Rejected", `item ${name} is not allowed`);
  });
  await done.expectSignal();
});

const countItems = workflow("sg-countItems", async () => {
  let count = 0;
  item.onSignal(() => {
    count++;
  });
  const met = await condition(() => count >= 2);
  return { met, count };
});

const fetchBoth = workflow("sg-fetchBoth", async () => {
  const fetched: string[] = [];
  for (const id of ["a", "b"]) void fetchItem(id).then((value) => fetched.push(value));
  await condition(() => fetched.length === 2);
  return fetched;
});

const approveWithin = workflow("sg-approveWithin", async () => {
  let approved = false;
  approval.onSignal(() => {
    approved = true;
  });
  return condition({ timeout: 60 }, () => approved);
});

const notifyOthers = workflow("sg-notifyOthers", async (target: string) => {
  await ping.sendSignal(target, 1);
  await ping.sendSignal({ executionId: target, payload: 2, id: "ping-2" });
  await sendSignal(target, "sg-raw", "three");
  await orderPlaced.publishEvents({ id: "a" }, { id: "b" });
  return "sent";
});

const sleepThenApproval = workflow("sg-sleepThenApproval", async () => {
  await sleepFor(10);
  return approval.expectSignal({ timeout: 60 });
});

const sleepThenTwoItems = workflow("sg-sleepThenTwoItems", async () => {
  await sleepFor(10);
  const first = await item.expectSignal();
  const second = await item.expectSignal();
  return [first, second];
});

const twoItemsAtOnce = workflow("sg-twoItemsAtOnce", async () =>
  Promise.all([item.expectSignal(), item.expectSignal()]),
);

const handledThenExpected = workflow("sg-handledThenExpected", async () => {
  const handled: string[] = [];
  const handler = item.onSignal((name) => {
    handled.push(name);
  });
  await sleepFor(10);
  handler.dispose();
  const next = await item.expectSignal();
  return { handled, next };
});

const keptThenHandled = workflow("sg-keptThenHandled", async () => {
  await sleepFor(10);
  const handled: string[] = [];
  item.onSignal((name) => {
    handled.push(name);
  });
  await done.expectSignal();
  return { handled, kept: await item.expectSignal() };
});

describe("expectSignal with a timeout", () => {
  it("schedules its timer at the start time plus the timeout", async () => {
    const instance = newInstance(awaitApproval);

    const step = await instance.apply([started(undefined, 10)]);

    expect(step.commands).toEqual([timerScheduled(0, 40, 10)]);
  });

  it("resolves with the signal's payload and ignores its timer firing later", async () => {
    const instance = newInstance(awaitApproval);
    await instance.apply([started(undefined, 10)]);

    const approved = await instance.apply([signalReceived("sg-approval", { by: "ada" }, 15)]);
    const lateTimer = await instance.apply([timerCompleted(0, 40)]);
    const end = await instance.apply([activitySucceeded(1, "ada", 41)]);

    expect(approved.commands).toEqual([activityScheduled(1, "sg.audit", ["ada"], 15)]);
    expect(lateTimer).toEqual({ history: [timerCompleted(0, 40)], commands: [] });
    expect(end.outcome).toEqual(succeeded({ approved: { by: "ada" } }, 41));
  });

  it("rejects with a Timeout error when its timer fires first, and ignores a later signal", async () => {
    const instance = newInstance(awaitApproval);
    await instance.apply([started(undefined, 10)]);

    const timeout = await instance.apply([timerCompleted(0, 40)]);
    const lateSignal = await instance.apply([signalReceived("sg-approval", { by: "bob" }, 41)]);
    const end = await instance.apply([activitySucceeded(1, "Timeout", 42)]);

    expect(timeout.commands).toEqual([activityScheduled(1, "sg.escalate", ["Timeout"], 40)]);
    expect(lateSignal).toEqual({
      history: [signalReceived("sg-approval", { by: "bob" }, 41)],
      commands: [],
    });
    expect(end.outcome).toEqual(
      succeeded(
        {
          timedOut: {
            name: "Timeout",
            message: 'expectSignal("sg-approval") timed out after 30s.',
            isTimeout: true,
          },
        },
        42,
      ),
    );
  });
});

describe("onSignal", () => {
  it("runs its handler for every signal until disposed", async () => {
    const instance = newInstance(collectItems);

    const step = await instance.apply([
      started(),
      signalReceived("sg-item", "a", 1),
      signalReceived("sg-item", "b", 2),
      signalReceived("sg-done", undefined, 3),
      signalReceived("sg-item", "c", 4),
      signalReceived("sg-done", undefined, 5),
    ]);

    expect(step.commands).toEqual([]);
    expect(step.outcome).toEqual(succeeded(["a", "b"], 5));
  });

  it("issues the commands its handler makes, numbered in signal order", async () => {
    const instance = newInstance(auditItems);
    await instance.apply([started()]);

    const first = await instance.apply([signalReceived("sg-item", "x", 5)]);
    const second = await instance.apply([signalReceived("sg-item", "y", 6)]);

    expect(first.commands).toEqual([activityScheduled(0, "sg.audit", ["x"], 5)]);
    expect(second.commands).toEqual([activityScheduled(1, "sg.audit", ["y"], 6)]);
  });

  it("fails the execution with the error its handler throws", async () => {
    const instance = newInstance(rejectItems);
    await instance.apply([started()]);

    const step = await instance.apply([signalReceived("sg-item", "knife", 3)]);

    // With where it threw, which these programs, inside the engine's folder, cannot show.
    expect(step.outcome).toMatchObject(
      failed({ name: "Rejected", message: "item knife is not allowed" }, 3),
    );
  });
});

describe("condition", () => {
  it("re-checks its predicate after every signal and resolves true once it holds", async () => {
    const instance = newInstance(countItems);
    await instance.apply([started()]);

    const first = await instance.apply([signalReceived("sg-item", "a", 1)]);
    const second = await instance.apply([signalReceived("sg-item", "b", 2)]);

    expect(first).toEqual({ history: [signalReceived("sg-item", "a", 1)], commands: [] });
    expect(second.outcome).toEqual(succeeded({ met: true, count: 2 }, 2));
  });

  it("re-checks its predicate after state changed by activity results", async () => {
    const instance = newInstance(fetchBoth);
    await instance.apply([started()]);

    const first = await instance.apply([activitySucceeded(1, "b", 1)]);
    const second = await instance.apply([activitySucceeded(0, "a", 2)]);

    expect(first.outcome).toBeUndefined();
    expect(second.outcome).toEqual(succeeded(["b", "a"], 2));
  });

  it("resolves false when its timeout fires before the predicate holds", async () => {
    const instance = newInstance(approveWithin);

    const start = await instance.apply([started()]);
    const timeout = await instance.apply([timerCompleted(0, 60)]);

    expect(start.commands).toEqual([timerScheduled(0, 60)]);
    expect(timeout.outcome).toEqual(succeeded(false, 60));
  });

  it("resolves true when the predicate holds before its timeout", async () => {
    const instance = newInstance(approveWithin);
    await instance.apply([started()]);

    const step = await instance.apply([signalReceived("sg-approval", { by: "ada" }, 5)]);

    expect(step.outcome).toEqual(succeeded(true, 5));
  });
});

describe("outgoing signals and events", () => {
  it("issues SignalSent and EventsPublished commands in call order", async () => {
    const instance = newInstance(notifyOthers);

    const step = await instance.apply([started("other~x")]);

    expect(step.commands).toEqual([
      signalSent(0, "other~x", "sg-ping", 1),
      { ...signalSent(1, "other~x", "sg-ping", 2), id: "ping-2" },
      signalSent(2, "other~x", "sg-raw", "three"),
      eventsPublished(3, [
        { name: "sg-OrderPlaced", event: { id: "a" } },
        { name: "sg-OrderPlaced", event: { id: "b" } },
      ]),
    ]);
    expect(step.outcome).toEqual(succeeded("sent"));
  });
});

describe("a signal that arrives while nothing takes it", () => {
  it("is kept for the next expectSignal, which takes it at once without a timer", async () => {
    const instance = newInstance(sleepThenApproval);
    await instance.apply([started()]);

    const arrived = await instance.apply([signalReceived("sg-approval", { by: "ada" }, 5)]);
    const woke = await instance.apply([timerCompleted(0, 10)]);

    expect(arrived).toEqual({
      history: [signalReceived("sg-approval", { by: "ada" }, 5)],
      commands: [],
    });
    expect(woke.commands).toEqual([]);
    expect(woke.outcome).toEqual(succeeded({ by: "ada" }, 10));
  });

  it.each([
    ["with WorkflowStarted", [started(), signalReceived("sg-approval", { by: "ada" })]],
    [
      "just before the timer fires",
      [signalReceived("sg-approval", { by: "ada" }, 10), timerCompleted(0, 10)],
    ],
  ])("is kept when it arrives in one task %s", async (_when, events) => {
    const instance = newInstance(sleepThenApproval);
    if (events[0]!.type !== "WorkflowStarted") await instance.apply([started()]);

    const step = await instance.apply(events);
    const end = step.outcome ?? (await instance.apply([timerCompleted(0, 10)])).outcome;

    expect(end).toEqual(succeeded({ by: "ada" }, 10));
  });

  it("is taken oldest first, one signal per expectSignal", async () => {
    const instance = newInstance(sleepThenTwoItems);

    const step = await instance.apply([
      started(),
      signalReceived("sg-item", "first", 1),
      signalReceived("sg-item", "second", 2),
      timerCompleted(0, 10),
    ]);

    expect(step.outcome).toEqual(succeeded(["first", "second"], 10));
  });

  it("is rebuilt from history on replay, to the same commands and outcome", async () => {
    const live = newInstance(sleepThenTwoItems);
    const history = [
      ...(await live.apply([started(), signalReceived("sg-item", "first", 1)])).history,
      ...(await live.apply([signalReceived("sg-item", "second", 2)])).history,
      ...(await live.apply([timerCompleted(0, 10)])).history,
    ];

    const replayed = await replayInstance(sleepThenTwoItems, history);

    expect(replayed.outcome).toEqual(succeeded(["first", "second"], 10));
    expect(replayed.outcome).toEqual(live.outcome);
  });

  it("goes to the oldest expectSignal waiting, so two waiting take two signals", async () => {
    const instance = newInstance(twoItemsAtOnce);

    const step = await instance.apply([
      started(),
      signalReceived("sg-item", "a", 1),
      signalReceived("sg-item", "b", 2),
    ]);

    expect(step.outcome).toEqual(succeeded(["a", "b"], 2));
  });

  it("is not kept once an onSignal handler saw it", async () => {
    const instance = newInstance(handledThenExpected);

    const step = await instance.apply([
      started(),
      signalReceived("sg-item", "a", 1),
      timerCompleted(0, 10),
      signalReceived("sg-item", "b", 11),
    ]);

    expect(step.outcome).toEqual(succeeded({ handled: ["a"], next: "b" }, 11));
  });

  it("is not handed to a handler registered after it arrived, and stays kept", async () => {
    const instance = newInstance(keptThenHandled);

    const step = await instance.apply([
      started(),
      signalReceived("sg-item", "early", 1),
      timerCompleted(0, 10),
      signalReceived("sg-item", "late", 11),
      signalReceived("sg-done", undefined, 12),
    ]);

    expect(step.outcome).toEqual(succeeded({ handled: ["late"], kept: "early" }, 12));
  });
});
