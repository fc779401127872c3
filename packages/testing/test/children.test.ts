import {
  activity,
  EventualError,
  signal,
  sleepFor,
  sleepUntil,
  Timeout,
  workflow,
} from "@eventual/core";
import { describe, expect } from "vitest";
import { historyTypes, replayEquivalentScenarios } from "./replay-equivalence.js";

const scenario = replayEquivalentScenarios({ start: "2026-01-01T00:00:00Z" });

class OutOfStock extends Error {
  override name = "OutOfStock";
}

const reserveItem = activity("reserveItem", (sku: string) => `reservation-${sku}`);
const reserve = workflow("reserve", async (sku: string, context) => {
  await sleepFor(60);
  return {
    reservation: await reserveItem(sku),
    parentId: context.execution.parentId,
  };
});
const placeOrder = workflow("placeOrder", async (sku: string) => {
  const reserved = await reserve(sku);
  return { placed: true, ...reserved };
});

const reserveUnavailable = workflow("reserveUnavailable", async (sku: string) => {
  throw new OutOfStock(`${sku} is out of stock`);
});
/** What the parent saw when its child failed, kept where the test can read it. */
const caughtByParent: { name: string; message: string; isEventualError: boolean }[] = [];
const placeDoomedOrder = workflow("placeDoomedOrder", async (sku: string) => {
  try {
    return await reserveUnavailable(sku);
  } catch (error) {
    const { name, message } = error as Error;
    caughtByParent.push({ name, message, isEventualError: error instanceof EventualError });
    throw error;
  }
});

const release = signal<string>("release");
const held = workflow("held", async () => release.expectSignal());
const releaseChild = workflow("releaseChild", async () => {
  const child = held();
  await child.sendSignal(release, "released by parent");
  return child;
});

const napChild = workflow("napChild", async () => {
  await sleepFor(3600);
  return "rested";
});
/** Starts a child and does not wait for it; `fail` decides how the parent ends. */
const leaveChild = workflow("leaveChild", async (fail: boolean) => {
  void napChild();
  await sleepFor(1);
  if (fail) throw new Error("parent gave up");
  return "parent done";
});

const slowChild = workflow("slowChild", { timeout: 30 }, async () => {
  await sleepFor(3600);
  return "too late";
});
const parentOfSlowChild = workflow("parentOfSlowChild", async () => {
  try {
    return await slowChild();
  } catch (error) {
    const { name, message } = error as Error;
    return { name, message, isTimeout: error instanceof Timeout };
  }
});

const parentOfHeld = workflow("parentOfHeld", async () => {
  try {
    return await held();
  } catch (error) {
    const { name, message } = error as Error;
    return { name, message };
  }
});

const packItem = activity("packItem", (item: number) => `packed ${item}`);
/** Packs 20 items in parallel, then waits for the van: a long history before its last event. */
const packParcel = workflow("packParcel", async () => {
  await Promise.all(Array.from({ length: 20 }, (_, i) => packItem(i)));
  await sleepUntil("2026-01-01T01:00:00Z");
  return "parcel";
});
/** Waits for the same van with a short history, its timer set after the parcel's. */
const writeLabel = workflow("writeLabel", async () => {
  await sleepFor(1);
  await sleepUntil("2026-01-01T01:00:00Z");
  return "label";
});
const shipTogether = workflow("shipTogether", async () =>
  Promise.all([packParcel(), writeLabel()]),
);

const lookUp = activity("lookUp", (place: number) => `sight ${place}`);
const bookRoom = activity("bookRoom", (night: number) => `room for night ${night}`);
/** Real asynchronous work: it yields to the event loop a few times before answering. */
const chargeDeposit = activity("chargeDeposit", async () => {
  for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
  return "deposit charged";
});
const planItinerary = workflow("planItinerary", async () => {
  await Promise.all(Array.from({ length: 20 }, (_, i) => lookUp(i)));
  await lookUp(99);
  return "itinerary";
});
const bookTrip = workflow("bookTrip", async () => {
  const itinerary = planItinerary();
  await bookRoom(1);
  await bookRoom(2);
  return Promise.all([itinerary, chargeDeposit()]);
});

describe("child workflows", () => {
  scenario(
    "returns a child's result to the parent, which the child knows by parentId",
    async (env) => {
      const parent = await env.startExecution(placeOrder, "sku-1");
      await env.tick(59);
      expect((await parent.getStatus()).status).toBe("IN_PROGRESS");

      await env.tick(1);
      const parentId = parent.executionId;
      const childId = `${parentId}~0`;
      expect(await parent.getStatus()).toMatchObject({
        status: "SUCCEEDED",
        result: { placed: true, reservation: "reservation-sku-1", parentId },
      });
      expect(await env.getExecution(childId)).toMatchObject({
        workflowName: "reserve",
        status: "SUCCEEDED",
        input: "sku-1",
        parentId,
      });
      expect(await env.getHistory(parentId)).toEqual([
        {
          type: "WorkflowStarted",
          input: "sku-1",
          version: expect.any(String),
          timestamp: "2026-01-01T00:00:00.000Z",
        },
        {
          type: "ChildWorkflowScheduled",
          seq: 0,
          name: "reserve",
          executionId: childId,
          input: "sku-1",
          timestamp: "2026-01-01T00:00:00.000Z",
        },
        {
          type: "ChildWorkflowSucceeded",
          seq: 0,
          result: { reservation: "reservation-sku-1", parentId },
          timestamp: "2026-01-01T00:01:00.000Z",
        },
        {
          type: "WorkflowSucceeded",
          result: { placed: true, reservation: "reservation-sku-1", parentId },
          timestamp: "2026-01-01T00:01:00.000Z",
        },
      ]);
    },
  );

  scenario(
    "rejects the parent's await with the failed child's error name and message",
    async (env) => {
      caughtByParent.length = 0;
      const parent = await env.startExecution(placeDoomedOrder, "sku-2");

      const error = { name: "OutOfStock", message: "sku-2 is out of stock" };
      expect(caughtByParent).toEqual([{ ...error, isEventualError: true }]);
      expect(await parent.getStatus()).toMatchObject({ status: "FAILED", error });
      expect(await env.getExecution(`${parent.executionId}~0`)).toMatchObject({
        status: "FAILED",
        error,
        parentId: parent.executionId,
      });
      expect(await historyTypes(env, parent.executionId)).toEqual([
        "WorkflowStarted",
        "ChildWorkflowScheduled",
        "ChildWorkflowFailed",
        "WorkflowFailed",
      ]);
    },
  );

  scenario(
    "rejects the parent's await with a Timeout when the child's own timeout passes",
    async (env) => {
      const parent = await env.startExecution(parentOfSlowChild);
      await env.tick(29);
      expect((await parent.getStatus()).status).toBe("IN_PROGRESS");

      await env.tick(1);
      expect((await parent.getStatus()).result).toEqual({
        name: "Timeout",
        message: "Workflow timed out.",
        isTimeout: true,
      });
    },
  );

  scenario("rejects the parent's await with Cancelled when the child is cancelled", async (env) => {
    const parent = await env.startExecution(parentOfHeld);
    await env.cancelExecution(`${parent.executionId}~0`, "not needed");

    expect((await parent.getStatus()).result).toEqual({
      name: "Cancelled",
      message: "not needed",
    });
  });

  scenario(
    "records children that end at the same moment in the order their tasks were claimed",
    async (env) => {
      const parent = await env.startExecution(shipTogether);
      await env.tickUntil("2026-01-01T01:00:00Z");

      expect((await parent.getStatus()).result).toEqual(["parcel", "label"]);
      const completions = (await env.getHistory(parent.executionId)).filter(
        (e) => e.type === "ChildWorkflowSucceeded",
      );
      // The parcel's timer was set first, so its task is claimed first, however long its replay.
      expect(completions.map((e) => [e.seq, e.timestamp])).toEqual([
        [0, "2026-01-01T01:00:00.000Z"],
        [1, "2026-01-01T01:00:00.000Z"],
      ]);
    },
  );

  scenario(
    "records a child's result and an activity's result due together in one order, cached or not",
    async (env) => {
      const parent = await env.startExecution(bookTrip);

      expect((await parent.getStatus()).result).toEqual(["itinerary", "deposit charged"]);
      expect(await historyTypes(env, parent.executionId)).toEqual([
        "WorkflowStarted",
        "ChildWorkflowScheduled",
        "ActivityScheduled",
        "ActivitySucceeded",
        "ActivityScheduled",
        "ActivitySucceeded",
        "ActivityScheduled",
        "ActivitySucceeded",
        "ChildWorkflowSucceeded",
        "WorkflowSucceeded",
      ]);
    },
  );

  scenario("cancels the children still running when the parent fails", async (env) => {
    const parent = await env.startExecution(leaveChild, true);
    await env.tick(1);
    expect((await parent.getStatus()).status).toBe("FAILED");
    const child = await env.getExecution(`${parent.executionId}~0`);
    expect(child).toMatchObject({
      status: "CANCELLED",
      error: {
        name: "Cancelled",
        message: `Its parent ${parent.executionId} ended with WorkflowFailed.`,
      },
    });
  });

  scenario(
    "leaves a child running when its parent succeeds without waiting for it",
    async (env) => {
      const parent = await env.startExecution(leaveChild, false);
      await env.tick(1);
      expect((await parent.getStatus()).result).toBe("parent done");
      expect((await env.getExecution(`${parent.executionId}~0`)).status).toBe("IN_PROGRESS");
      await env.tick(3600);
      expect((await env.getExecution(`${parent.executionId}~0`)).result).toBe("rested");
    },
  );

  scenario("delivers a signal the parent sends through the child's handle", async (env) => {
    const parent = await env.startExecution(releaseChild);

    expect((await parent.getStatus()).result).toBe("released by parent");
    expect(await env.getHistory(parent.executionId)).toContainEqual({
      type: "SignalSent",
      seq: 1,
      executionId: `${parent.executionId}~0`,
      signal: "release",
      payload: "released by parent",
      timestamp: "2026-01-01T00:00:00.000Z",
    });
  });
});
