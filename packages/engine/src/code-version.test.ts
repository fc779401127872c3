import { workflow } from "@eventual/core";
import { describe, expect, it } from "vitest";
import { Engine } from "./engine.js";
import { MemoryStore } from "./store/memory-store.js";

const hashed = workflow("hashed", async () => "hashed");
const named = workflow("named", { version: "2026-12-02.1" }, async () => "named");

describe("the version of the code that starts an execution", () => {
  it("is the workflow's version, or a hash of its source, on the execution and its WorkflowStarted", async () => {
    const engine = new Engine({ store: new MemoryStore() });
    for (const [declared, version] of [
      [hashed, /^[0-9a-f]{12}$/],
      [named, /^2026-12-02\.1$/],
    ] as const) {
      const { executionId } = await engine.startExecution({ workflow: declared.workflowName });
      await engine.runDueWork();
      const execution = await engine.requireExecution(executionId);
      expect(execution.version).toMatch(version);
      const [started] = await engine.getHistory(executionId);
      expect(started).toMatchObject({ type: "WorkflowStarted", version: execution.version });
    }
  });

  it("changes with the workflow's source", async () => {
    const engine = new Engine({ store: new MemoryStore() });
    const edited = workflow("hashedEdited", async () => "hashed, edited");
    const versions = [];
    for (const declared of [hashed, edited]) {
      const { executionId } = await engine.startExecution({ workflow: declared.workflowName });
      versions.push((await engine.requireExecution(executionId)).version);
    }
    expect(versions[0]).not.toBe(versions[1]);
  });

  it("is refused when empty or not a string", () => {
    expect(() => workflow("badVersion", { version: "" }, async () => {})).toThrow(
      'Workflow "badVersion": version must be a non-empty string of at most 100 characters.',
    );
  });
});
