import { describe, expect, it } from "vitest";
import { EndingWaiters, type ExecutionEnding } from "./ending-waiters.js";

const succeeded: ExecutionEnding = {
  status: "SUCCEEDED",
  result: 4,
  endTime: "2030-01-01T00:00:01.000Z",
};

describe("EndingWaiters", () => {
  it("hands a wait the end that comes while it waits", async () => {
    const endings = new EndingWaiters();
    const waiting = endings.wait("a").within(60_000);
    endings.notify("b", { ...succeeded, result: "other" });
    endings.notify("a", succeeded);
    await expect(waiting).resolves.toEqual(succeeded);
  });

  it("keeps an end that came before the wait began to wait for it", async () => {
    const endings = new EndingWaiters();
    const wait = endings.wait("a");
    endings.notify("a", succeeded);
    await expect(wait.within(60_000)).resolves.toEqual(succeeded);
  });

  it("answers undefined when the time runs out, and leaves later waits on the execution alone", async () => {
    const endings = new EndingWaiters();
    const wait = endings.wait("a");
    await expect(wait.within(5)).resolves.toBeUndefined();
    // A second wait on the same execution is not disturbed by the first, timed out.
    const second = endings.wait("a").within(60_000);
    endings.notify("a", succeeded);
    await expect(second).resolves.toEqual(succeeded);
  });

  it("wakes every wait on one execution, and none after it was cancelled", async () => {
    const endings = new EndingWaiters();
    const first = endings.wait("a");
    const second = endings.wait("a");
    const cancelled = endings.wait("a");
    cancelled.cancel();
    const both = Promise.all([first.within(60_000), second.within(60_000)]);
    endings.notify("a", succeeded);
    await expect(both).resolves.toEqual([succeeded, succeeded]);
    await expect(cancelled.within(5)).resolves.toBeUndefined();
  });
});
