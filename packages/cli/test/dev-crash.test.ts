import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import type { EventualProcess } from "./support/dev-server.js";
import { startDev } from "./support/dev-server.js";
import { call } from "./support/http.js";
import { expectThreeStepsDone } from "./support/three-steps.js";
import { waitUntil } from "./support/wait-until.js";

const fixture = fileURLToPath(new URL("./fixtures/durable/", import.meta.url));
const executions = 200;

interface Run {
  executionId: string;
  step: string;
  attempt: number;
}

describe("eventual dev killed with SIGKILL while executions run", () => {
  const scratch = mkdtempSync(join(fixture, ".scratch-"));
  const runsFile = join(scratch, "runs.jsonl");
  const options = {
    entry: "index.ts",
    cwd: fixture,
    data: join(scratch, "data"),
    // Charges long enough to be still running when the kill comes, even on a starved machine.
    env: { RUNS_FILE: runsFile, CHARGE_DELAY_MS: "1500" },
  };
  let dev: EventualProcess | undefined;

  afterAll(async () => {
    await dev?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  const runs = (): Run[] =>
    existsSync(runsFile)
      ? readFileSync(runsFile, "utf8")
          .split("\n")
          .filter(Boolean)
          .map((line) => JSON.parse(line))
      : [];

  it("completes every execution after a restart, each step once, re-running what was cut off", async () => {
    dev = await startDev(options);
    const ids = await Promise.all(
      Array.from({ length: executions }, async (_, n) => {
        const started = await call(dev!.url, "POST", "/_eventual/workflows/threeSteps/executions", {
          input: n,
          executionName: `order-${n}`,
        });
        expect(started.status).toBe(200);
        return started.body.executionId as string;
      }),
    );
    // Kill while charges are running: they started (and were recorded) but have not finished.
    await waitUntil(() => runs().filter((r) => r.step === "charge").length >= 50);
    await dev.crash();
    const runsBeforeRestart = runs().length;
    expect(runsBeforeRestart).toBeLessThan(executions * 3);

    dev = await startDev({ ...options, port: Number(new URL(dev.url).port) });
    await waitUntil(async () => {
      const done = await call(dev!.url, "GET", "/_eventual/executions?status=SUCCEEDED&limit=1000");
      return done.body.executions.length === executions;
    }, 60_000);

    for (const [n, id] of ids.entries()) await expectThreeStepsDone(dev.url, id, n);

    // Every run of a step is recorded; a step cut off by the kill ran again as the next attempt,
    // and the attempt its result reports is the one that completed.
    const attemptsByStep = new Map<string, number[]>();
    for (const run of runs()) {
      const key = `${run.executionId} ${run.step}`;
      attemptsByStep.set(key, [...(attemptsByStep.get(key) ?? []), run.attempt]);
    }
    expect(attemptsByStep.size).toBe(executions * 3);
    let ranTwice = 0;
    for (const [key, attempts] of attemptsByStep) {
      expect(attempts.sort(), key).toEqual(attempts.map((_, i) => i + 1));
      if (attempts.length === 1) continue;
      ranTwice++;
      const [executionId, step] = key.split(" ");
      const { events } = (
        await call(dev.url, "GET", `/_eventual/executions/${executionId}/history`)
      ).body;
      const seq = ["reserve", "charge", "ship"].indexOf(step!) + (step === "ship" ? 1 : 0);
      const result = events.find(
        (e: { type: string; seq: number }) => e.type === "ActivitySucceeded" && e.seq === seq,
      );
      expect(result.result.attempt).toBe(attempts.length);
    }
    expect(ranTwice).toBeGreaterThan(0);
  });
});
