import { fileURLToPath } from "node:url";
import { beforeEach, describe, expect, it } from "vitest";
import { TestEnvironment } from "../src/index.js";
import {
  cardProcessor,
  chargeBack,
  dispatchOrder,
  processOrderWorkflow,
  warehouse,
} from "./fixtures/seed-order-workflow.js";

const order = { orderId: "o-1", source: "card_visa", amount: 42 };

describe("the seed's order workflow, run unchanged", () => {
  const env = new TestEnvironment({ start: "2026-01-01T00:00:00Z" });

  beforeEach(async () => {
    await env.initialize();
    cardProcessor.reset();
    warehouse.dispatched.length = 0;
  });

  it("charges the card and dispatches the order without a charge-back", async () => {
    const chargeBacks = env.mockActivity(chargeBack).invokeReal();
    const execution = await env.startExecution(processOrderWorkflow, order);

    const ended = await execution.getStatus();
    expect(ended.status).toBe("SUCCEEDED");
    expect(cardProcessor.charges).toEqual([{ chargeId: "ch_1", source: "card_visa", amount: 42 }]);
    expect(warehouse.dispatched).toEqual(["o-1"]);
    expect(chargeBacks.calls).toEqual([]);
    expect(cardProcessor.chargeBacks).toEqual([]);
  });

  it("charges back the charge it made when dispatch fails", async () => {
    env.mockActivity(dispatchOrder).fail(new Error("warehouse closed"));
    const execution = await env.startExecution(processOrderWorkflow, order);

    expect((await execution.getStatus()).status).toBe("SUCCEEDED");
    expect(warehouse.dispatched).toEqual([]);
    expect(cardProcessor.chargeBacks).toEqual(["ch_1"]);
    const steps = (await env.getHistory(execution.executionId)).map((event) =>
      "name" in event ? `${event.type} ${event.name}` : event.type,
    );
    expect(steps).toEqual([
      "WorkflowStarted",
      "ActivityScheduled chargeCC",
      "ActivitySucceeded",
      "ActivityScheduled dispatchOrder",
      "ActivityFailed",
      "ActivityScheduled chargeBack",
      "ActivitySucceeded",
      "WorkflowSucceeded",
    ]);
  });

  it("is discovered under the name the seed gives it when loaded as an entry", async () => {
    const entry = fileURLToPath(new URL("./fixtures/seed-order-workflow.ts", import.meta.url));
    const fromEntry = new TestEnvironment({ entry });
    await fromEntry.initialize();
    const execution = await fromEntry.startExecution("order", order);
    expect((await execution.getStatus()).status).toBe("SUCCEEDED");
    expect(cardProcessor.charges.map((charge) => charge.amount)).toEqual([42]);
  });
});
