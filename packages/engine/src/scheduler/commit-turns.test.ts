import { describe, expect, it } from "vitest";
import { commitTurns } from "./commit-turns.js";

/** Lets `count` macrotasks pass: a stand-in for work that takes longer to compute. */
async function yieldTimes(count: number): Promise<void> {
  for (let i = 0; i < count; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe("commitTurns", () => {
  it("submits in claim order even when later work finishes computing first", async () => {
    const turns = commitTurns(3);
    const submitted: number[] = [];
    const computeCost = [5, 2, 0];
    await Promise.all(
      turns.map(async (turn, i) => {
        await yieldTimes(computeCost[i]!);
        await turn.ready;
        submitted.push(i);
        turn.pass();
      }),
    );
    expect(submitted).toEqual([0, 1, 2]);
  });

  it("keeps the order when a turn passes early without submitting", async () => {
    const turns = commitTurns(3);
    const submitted: number[] = [];
    turns[1]!.pass();
    await Promise.all(
      [0, 2].map(async (i) => {
        await yieldTimes(i === 0 ? 3 : 0);
        await turns[i]!.ready;
        submitted.push(i);
        turns[i]!.pass();
      }),
    );
    expect(submitted).toEqual([0, 2]);
  });

  it("makes the first turn ready at once", async () => {
    const [first] = commitTurns(1);
    let ready = false;
    void first!.ready.then(() => {
      ready = true;
    });
    await Promise.resolve();
    expect(ready).toBe(true);
  });
});
