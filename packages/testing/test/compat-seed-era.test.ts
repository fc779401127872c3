import { getRegistry } from "@eventual/core/internal";
import { beforeEach, describe, expect, it } from "vitest";
import { TestEnvironment } from "../src/index.js";
import {
  approvalSignal,
  awaitApproval,
  awaitQuote,
  copyDocument,
  copyPages,
  fulfilOrder,
  gatherVotes,
  holdReservation,
  pageStore,
  rejectOrder,
  requestReview,
  reviewDocument,
  reviewQueue,
  superviseRejection,
  tryReserve,
} from "./fixtures/compat-seed-era.js";

async function statusOf(execution: { getStatus(): Promise<{ status: string }> }) {
  return (await execution.getStatus()).status;
}

describe.each([
  ["with live workflow instances cached", undefined],
  ["replaying history on every workflow task", 0],
])("seed-era spellings, %s", (_mode, cacheSize) => {
  const env = new TestEnvironment({ start: "2026-01-01T00:00:00Z", cacheSize });

  beforeEach(async () => {
    await env.initialize();
    reviewQueue.length = 0;
    pageStore.copyPage = async () => {};
  });

  describe("timeoutSeconds on a workflow", () => {
    it("fails the execution with Timeout exactly 30 s after it started", async () => {
      const execution = await env.startExecution(holdReservation, "r-1");
      await env.tick(29);
      expect(await statusOf(execution)).toBe("IN_PROGRESS");

      await env.tick(1);

      expect(await execution.getStatus()).toMatchObject({
        status: "FAILED",
        error: { name: "Timeout" },
        endTime: "2026-01-01T00:00:30.000Z",
      });
    });
  });

  describe("the free expectSignal with timeoutSeconds", () => {
    it("resolves with the payload of a signal given by its object", async () => {
      const execution = await env.startExecution(awaitApproval);
      await env.tick(59);
      await env.sendSignal(execution, approvalSignal, { approver: "ada" });

      expect(await execution.getStatus()).toMatchObject({
        status: "SUCCEEDED",
        result: { approver: "ada" },
      });
    });

    it("rejects with a Timeout EventualError after the given seconds, which the result stores as { name, message }", async () => {
      const execution = await env.startExecution(awaitApproval);
      await env.tick(59);
      expect(await statusOf(execution)).toBe("IN_PROGRESS");

      await env.tick(1);

      const { result } = await execution.getStatus();
      expect(result).toEqual({
        error: { name: "Timeout", message: expect.stringContaining("approval") },
        isEventualError: true,
        isTimeout: true,
        isHeartbeatTimeout: false,
      });
      expect(Object.keys((result as { error: object }).error).sort()).toEqual(["message", "name"]);
    });

    it("waits for a signal named by a string, and times out after its own seconds", async () => {
      const quoted = await env.startExecution(awaitQuote);
      await env.sendSignal(quoted, "quote", 12.5);
      expect((await quoted.getStatus()).result).toEqual({ price: 12.5 });

      const unquoted = await env.startExecution(awaitQuote);
      await env.tick(9);
      expect(await statusOf(unquoted)).toBe("IN_PROGRESS");
      await env.tick(1);
      expect((await unquoted.getStatus()).result).toMatchObject({
        error: { name: "Timeout" },
        isTimeout: true,
      });
    });
  });

  describe("the free onSignal and sendSignal, with condition's timeoutSeconds", () => {
    async function vote(executionId: string, voter: string) {
      const response = await env.fetch(`/votes/${executionId}`, {
        method: "POST",
        body: JSON.stringify({ voter }),
      });
      expect(response.status).toBe(204);
    }

    it("reaches the condition once votes sent through the API make a quorum", async () => {
      const execution = await env.startExecution(gatherVotes, 2);
      await vote(execution.executionId, "ada");
      expect(await statusOf(execution)).toBe("IN_PROGRESS");

      await vote(execution.executionId, "grace");

      expect((await execution.getStatus()).result).toEqual({
        reached: true,
        voters: ["ada", "grace"],
      });
    });

    it("resolves the condition false after 10 s without a quorum", async () => {
      const execution = await env.startExecution(gatherVotes, 2);
      await vote(execution.executionId, "ada");
      await env.tick(9);
      expect(await statusOf(execution)).toBe("IN_PROGRESS");

      await env.tick(1);

      expect(await execution.getStatus()).toMatchObject({
        status: "SUCCEEDED",
        result: { reached: false, voters: ["ada"] },
        endTime: "2026-01-01T00:00:10.000Z",
      });
    });
  });

  describe("heartbeatSeconds and sendActivityHeartbeat()", () => {
    /** Each page takes 8 s of virtual time: less than the 10 s heartbeat, but 3 pages take 24 s. */
    beforeEach(() => {
      pageStore.copyPage = () => env.tick(8);
    });

    it("are read as the activity's heartbeat timeout and timeout", () => {
      expect(getRegistry().activities.get(copyPages.activityName)?.options).toEqual({
        heartbeatTimeout: 10,
        timeout: 3600,
      });
    });

    it("keeps an activity that heartbeats after every page alive past its 10 s heartbeat timeout", async () => {
      const execution = await env.startExecution(copyDocument, { pages: 3, heartbeat: true });

      expect(await execution.getStatus()).toMatchObject({
        status: "SUCCEEDED",
        result: { copied: 3 },
        endTime: "2026-01-01T00:00:24.000Z",
      });
    });

    it("times out an activity that does not heartbeat with a HeartbeatTimeout, which is a Timeout", async () => {
      const execution = await env.startExecution(copyDocument, { pages: 3, heartbeat: false });

      expect(await execution.getStatus()).toMatchObject({
        status: "SUCCEEDED",
        result: {
          error: { name: "HeartbeatTimeout", message: expect.stringContaining("10s") },
          isEventualError: true,
          isTimeout: true,
          isHeartbeatTimeout: true,
        },
        endTime: "2026-01-01T00:00:10.000Z",
      });
    });
  });

  describe("asyncResult completed with sendActivitySuccess and sendActivityFailure", () => {
    it("hands the activity's token out and succeeds with the result sent through the API", async () => {
      const execution = await env.startExecution(reviewDocument, "essay.md");
      const [request] = reviewQueue;
      expect(request?.document).toBe("essay.md");
      await env.tick(3599);
      expect(await statusOf(execution)).toBe("IN_PROGRESS");

      const response = await env.fetch(`/reviews/${request!.activityToken}`, {
        method: "POST",
        body: JSON.stringify({ verdict: "accept" }),
      });

      expect(response.status).toBe(204);
      expect(await execution.getStatus()).toMatchObject({
        status: "SUCCEEDED",
        result: { verdict: "accept" },
      });
    });

    it("fails the activity with the error name and message given", async () => {
      const execution = await env.startExecution(reviewDocument, "essay.md");

      await requestReview.sendActivityFailure({
        activityToken: reviewQueue[0]!.activityToken,
        error: "Rejected",
        message: "needs sources",
      });
      await env.tick(0);

      expect((await execution.getStatus()).result).toEqual({
        error: { name: "Rejected", message: "needs sources" },
        isEventualError: true,
        isTimeout: false,
        isHeartbeatTimeout: false,
      });
    });

    it("times the activity out after its timeoutSeconds when nobody completes it", async () => {
      const execution = await env.startExecution(reviewDocument, "essay.md");
      await env.tick(3600);

      expect((await execution.getStatus()).result).toMatchObject({
        error: { name: "Timeout" },
        isTimeout: true,
        isHeartbeatTimeout: false,
      });
    });
  });

  describe("a child workflow used as a handle, and the (input, context) workflow function", () => {
    it("lets the parent signal its running child, and gives each side its id, parent id and workflow name", async () => {
      const execution = await env.startExecution(fulfilOrder, "o-1");

      const parent = await execution.getStatus();
      expect(parent.status).toBe("SUCCEEDED");
      const { executions } = await env.engine.listExecutions({ workflow: "packOrder" });
      expect(executions).toHaveLength(1);
      const child = executions[0]!;
      expect(child.parentId).toBe(execution.executionId);
      expect(parent.result).toEqual({
        packed: {
          boxes: 2,
          execution: { id: child.id, parentId: execution.executionId, workflow: "packOrder" },
        },
        progress: ["o-1 packed in 2 boxes"],
        execution: { id: execution.executionId, workflow: "fulfilOrder" },
      });
      expect(parent.result).not.toHaveProperty("execution.parentId");
    });
  });

  describe("errors surfaced to workflow code", () => {
    it("keeps an activity's EventualError name and message", async () => {
      const execution = await env.startExecution(tryReserve, "sku-1");

      expect((await execution.getStatus()).result).toEqual({
        error: { name: "OutOfStock", message: "sku-1 is out of stock" },
        isEventualError: true,
        isTimeout: false,
        isHeartbeatTimeout: false,
      });
    });

    it("turns a plain object an activity throws into an EventualError named Error with its JSON as the message", async () => {
      const execution = await env.startExecution(tryReserve, "legacy-7");

      expect((await execution.getStatus()).result).toMatchObject({
        error: { name: "Error", message: '{"code":404,"sku":"legacy-7"}' },
        isEventualError: true,
      });
    });

    it.each([
      ["object", '{"code":42}'],
      ["string", '"boom"'],
    ] as const)(
      "fails an execution that throws a %s with name Error and the value's JSON as the message",
      async (form, message) => {
        const execution = await env.startExecution(rejectOrder, form);

        expect(await execution.getStatus()).toMatchObject({
          status: "FAILED",
          error: { name: "Error", message },
        });
      },
    );

    it("rejects the parent's child call with the same name and message when the child throws a non-Error", async () => {
      const execution = await env.startExecution(superviseRejection, "object");

      expect((await execution.getStatus()).result).toEqual({
        error: { name: "Error", message: '{"code":42}' },
        isEventualError: true,
        isTimeout: false,
        isHeartbeatTimeout: false,
      });
    });
  });
});
