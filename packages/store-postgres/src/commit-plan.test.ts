import type { InputEvent, Write } from "@eventual/engine";
import { describe, expect, it } from "vitest";
import { activityTask, createExecution, delivery } from "../test/records.js";
import { planCommit, plannedGroup, plannedWrite, type Slot } from "./commit-plan.js";

/** A local step of `executionId`: settle its activity, record the task, schedule the next. */
function localStep(executionId: string, seq: number): Write[] {
  const historyLength = 2 * seq + 1;
  return [
    { type: "requireActivity", executionId, seq },
    { type: "removeActivity", executionId, seq },
    { type: "requireTask", executionId, historyLength, lease: { freeAt: 0 } },
    { type: "appendHistory", executionId, historyLength, history: [succeeded(seq)], consumed: [] },
    { type: "scheduleActivity", task: activityTask(executionId, seq + 1) },
  ];
}

function succeeded(seq: number): InputEvent {
  return { type: "ActivitySucceeded", seq, result: seq, timestamp: "2030-01-01T00:00:00.000Z" };
}

const plan = (writes: Write[]) => planCommit(writes.map(plannedWrite));

/** Each statement as its kind and the executions (or types) of its writes. */
function shape(slots: Slot[]): string[] {
  return slots.map((slot) => `${slot.kind} ${slot.writes.map(label).join(",")}`);
}

function label(write: Write): string {
  switch (write.type) {
    case "requireActivity":
    case "removeActivity":
    case "requireTask":
    case "appendHistory":
    case "requireNewExecution":
      return write.executionId;
    case "scheduleActivity":
      return `${write.task.executionId}${write.task.seq}`;
    case "createExecution":
    case "startExecution":
      return write.execution.id;
    default:
      return write.type;
  }
}

describe("planCommit", () => {
  it("sends the steps of many executions as one statement per kind", () => {
    const slots = plan([...localStep("a", 0), ...localStep("b", 4), ...localStep("c", 1)]);
    expect(shape(slots)).toEqual([
      "requireActivity a,b,c",
      "removeActivity a,b,c",
      "requireTask a,b,c",
      "appendHistory a,b,c",
      "scheduleActivity a1,b5,c2",
    ]);
  });

  it("puts a step's settlement first even when the group before had none", () => {
    const first = localStep("a", 0).slice(2);
    const slots = plan([...first, ...localStep("b", 0)]);
    expect(shape(slots)).toEqual([
      "requireActivity b",
      "removeActivity b",
      "requireTask a,b",
      "appendHistory a,b",
      "scheduleActivity a1,b1",
    ]);
  });

  it("never moves a write ahead of an earlier one on its execution", () => {
    const signal: Write = {
      type: "appendInbox",
      executionId: "b",
      event: {
        type: "SignalReceived",
        signal: "go",
        payload: 1,
        timestamp: "2030-01-01T00:00:00.000Z",
      },
    };
    const slots = plan([...localStep("a", 0), signal, ...localStep("b", 0)]);
    // The signal may go ahead of a's writes; b's step still comes after it.
    expect(shape(slots)).toEqual([
      "single appendInbox",
      "requireActivity a,b",
      "removeActivity a,b",
      "requireTask a,b",
      "appendHistory a,b",
      "scheduleActivity a1,b1",
    ]);
    const late = plan([...localStep("a", 0), ...localStep("b", 0), signal]);
    expect(shape(late).at(-1)).toBe("single appendInbox");
  });

  it("batches one execution's activities, but not one task twice", () => {
    const schedule = (seq: number): Write => ({
      type: "scheduleActivity",
      task: activityTask("a", seq),
    });
    expect(shape(plan([schedule(1), schedule(2), schedule(1)]))).toEqual([
      "scheduleActivity a1,a2",
      "scheduleActivity a1",
    ]);
  });

  it("batches starts and their guards across groups, and starts one execution once per statement", () => {
    const start = (id: string): Write[] => {
      const create = createExecution(id) as Extract<Write, { type: "createExecution" }>;
      return [
        { type: "requireNewExecution", executionId: id },
        { type: "startExecution", execution: create.execution, history: [create.started] },
        { type: "scheduleActivity", task: activityTask(id, 0) },
      ];
    };
    const slots = plan([...start("x"), ...localStep("a", 0), ...start("y")]);
    expect(shape(slots)).toEqual([
      "requireActivity a",
      "removeActivity a",
      "requireTask a",
      "appendHistory a",
      "requireNewExecution x,y",
      "startExecution x,y",
      "scheduleActivity x0,a1,y0",
    ]);
    // The second start of x must see the first: it goes after it, and after what followed it.
    expect(shape(plan([...start("x"), ...start("x")]))).toEqual([
      "requireNewExecution x",
      "startExecution x",
      "scheduleActivity x0",
      "requireNewExecution x",
      "startExecution x",
      "scheduleActivity x0",
    ]);
  });

  it("sends a guard in one statement with the write after it that removes or inserts its row", () => {
    const steps = [...localStep("a", 0), ...localStep("b", 0)];
    expect(shape(planCommit(plannedGroup(steps)))).toEqual([
      "takeActivity a,b",
      "requireTask a,b",
      "appendHistory a,b",
      "scheduleActivity a1,b1",
    ]);
    const start: Write[] = [
      { type: "requireNewExecution", executionId: "x" },
      {
        ...(createExecution("x") as Extract<Write, { type: "createExecution" }>),
        type: "startExecution",
        history: [],
      } as Write,
    ];
    expect(shape(planCommit(plannedGroup(start)))).toEqual(["startExecution x"]);
    // A guard whose next write is another row's stays a statement of its own.
    const apart = [localStep("a", 0)[0]!, localStep("b", 0)[1]!];
    expect(shape(planCommit(plannedGroup(apart))).sort()).toEqual([
      "removeActivity b",
      "requireActivity a",
    ]);
  });

  it("keeps writes that touch no one execution in their place among all writes", () => {
    const deliveries: Write = { type: "createDeliveries", deliveries: [delivery("d1")] };
    const slots = plan([...localStep("a", 0), deliveries, ...localStep("b", 0)]);
    expect(shape(slots)).toEqual([
      "requireActivity a",
      "removeActivity a",
      "requireTask a",
      "appendHistory a",
      "scheduleActivity a1",
      "single createDeliveries",
      "requireActivity b",
      "removeActivity b",
      "requireTask b",
      "appendHistory b",
      "scheduleActivity b1",
    ]);
  });
});
