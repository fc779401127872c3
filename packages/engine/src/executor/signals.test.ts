import {
  activity,
  condition,
  EventualError,
  event,
  sendSignal,
  signal,
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

    expect(step.outcome).toEqual(
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
