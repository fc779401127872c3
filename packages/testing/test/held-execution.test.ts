import { activity, signal, workflow } from "@eventual/core";
import { getRegistry } from "@eventual/core/internal";
import { describe, expect, it } from "vitest";
import { TestEnvironment } from "../src/index.js";

const reserve = activity("reserve", () => "reserved");
const charge = activity("charge", () => "charged");
const go = signal("go");

const original = async () => {
  const reserved = await reserve();
  await go.expectSignal();
  return [reserved, await charge()];
};
const reordered = async () => {
  const charged = await charge();
  await go.expectSignal();
  return [charged, await reserve()];
};
const checkout = workflow("checkout", original);

const child = workflow("child", async () => {
  await go.expectSignal();
  return "child done";
});
const parentOriginal = async () => {
  const started = child();
  await go.expectSignal();
  return started;
};
const parentReordered = async () => {
  await reserve();
  return child();
};
const parent = workflow("parent", parentOriginal);

/** Deploys new code for a workflow, as a restart with an edited module would. */
function deploy(handler: () => Promise<unknown>, name = checkout.workflowName) {
  getRegistry().workflows.get(name)!.handler = handler;
}

describe("a workflow changed under a running execution", () => {
  it("is held with a DeterminismError naming the position and both commands, and nothing is lost", async () => {
    const env = new TestEnvironment({ cacheSize: 0 });
    await env.initialize();
    try {
      const execution = await env.startExecution(checkout);
      const recorded = await env.getHistory(execution.executionId);

      deploy(reordered);
      await env.sendSignal(execution, go);

      const held = await execution.getStatus();
      expect(held.status).toBe("IN_PROGRESS");
      expect(held.held?.name).toBe("DeterminismError");
      expect(held.held?.message).toContain("seq 0");
      expect(held.held?.message).toContain('activity "reserve"');
      expect(held.held?.message).toContain('activity "charge"');
      expect(await env.getHistory(execution.executionId)).toEqual(recorded);

      deploy(original);
      await env.engine.releaseHolds();
      await env.tick();

      const resumed = await execution.getStatus();
      expect(resumed.held).toBeUndefined();
      expect(resumed.status).toBe("SUCCEEDED");
      expect(resumed.result).toEqual(["reserved", "charged"]);
    } finally {
      deploy(original);
    }
  });
});

describe("a held execution", () => {
  it("stays held when tried again on code that still diverges, with what diverges now", async () => {
    const env = new TestEnvironment({ cacheSize: 0 });
    await env.initialize();
    try {
      const execution = await env.startExecution(checkout);
      deploy(reordered);
      await env.sendSignal(execution, go);
      const before = (await execution.getStatus()).held!;

      deploy(async () => {
        await go.expectSignal();
        return "reserved nothing";
      });
      const retried = await env.engine.releaseExecution(execution.executionId);
      expect(retried).toMatchObject({ released: false, divergence: { name: "DeterminismError" } });
      const after = (await execution.getStatus()).held!;
      expect(after.message).not.toBe(before.message);
      expect(after).toEqual("divergence" in retried ? retried.divergence : undefined);

      deploy(original);
      expect(await env.engine.releaseExecution(execution.executionId)).toEqual({
        executionId: execution.executionId,
        released: true,
      });
      expect(await env.engine.releaseExecution(execution.executionId)).toMatchObject({
        notHeld: true,
      });
      await env.tick();
      expect((await execution.getStatus()).status).toBe("SUCCEEDED");
    } finally {
      deploy(original);
    }
  });

  it("is cancelled without running its code, and so are its running children", async () => {
    const env = new TestEnvironment({ cacheSize: 0 });
    await env.initialize();
    try {
      const execution = await env.startExecution(parent);
      const [childId] = (await env.getHistory(execution.executionId)).flatMap((event) =>
        event.type === "ChildWorkflowScheduled" ? [event.executionId] : [],
      );
      deploy(parentReordered, parent.workflowName);
      await env.sendSignal(execution, go);
      expect((await execution.getStatus()).held?.name).toBe("DeterminismError");
      const recorded = await env.getHistory(execution.executionId);

      await env.cancelExecution(execution, "changed our mind");
      const cancelled = await execution.getStatus();
      expect(cancelled).toMatchObject({ status: "CANCELLED" });
      expect(cancelled.held).toBeUndefined();
      const history = await env.getHistory(execution.executionId);
      expect(history.slice(0, recorded.length)).toEqual(recorded);
      expect(history.slice(recorded.length).map((event) => event.type)).toEqual([
        "SignalReceived",
        "WorkflowCancelRequested",
        "WorkflowCancelled",
      ]);
      expect(history.at(-1)).toMatchObject({ reason: "changed our mind" });
      expect((await env.getExecution(childId!)).status).toBe("CANCELLED");
    } finally {
      deploy(parentOriginal, parent.workflowName);
    }
  });
});
