import type { Execution } from "@eventual/core";
import { describe, expect, it } from "vitest";
import { identityOf } from "./replay-execution.js";

const execution = (id: string, parentId?: string): Execution => ({
  id,
  workflowName: "transfer",
  status: "SUCCEEDED",
  input: null,
  startTime: "2026-01-01T00:00:00.000Z",
  ...(parentId === undefined ? {} : { parentId }),
});

describe("the identity a replayed workflow sees", () => {
  it("recovers the execution name from the id of a named execution", () => {
    expect(identityOf(execution("transfer~t-42"))).toEqual({
      id: "transfer~t-42",
      name: "t-42",
      workflowName: "transfer",
    });
  });

  it("names an unnamed execution and a child by their id, as the engine does", () => {
    const generated = "transfer~01m88djbwmvdm972yw32gz25w7";
    expect(identityOf(execution(generated)).name).toBe(generated);
    const child = identityOf(execution("order~x~3", "order~x"));
    expect(child).toEqual({
      id: "order~x~3",
      name: "order~x~3",
      workflowName: "transfer",
      parentId: "order~x",
    });
  });
});
