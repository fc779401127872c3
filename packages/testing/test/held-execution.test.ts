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

/** Deploys new code for the workflow, as a restart with an edited module would. */
function deploy(handler: () => Promise<unknown>) {
  getRegistry().workflows.get(checkout.workflowName)!.handler = handler;
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
