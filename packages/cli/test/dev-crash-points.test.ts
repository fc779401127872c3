import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import type { EventualProcess } from "./support/dev-server.js";
import { freePort, runEventual, startDev } from "./support/dev-server.js";
import { call } from "./support/http.js";
import { expectThreeStepsDone } from "./support/three-steps.js";
import { waitUntil } from "./support/wait-until.js";

const fixture = fileURLToPath(new URL("./fixtures/durable/", import.meta.url));
const perBatch = 20;

/** How many executions have succeeded. */
async function succeeded(url: string): Promise<number> {
  const page = await call(url, "GET", "/_eventual/executions?status=SUCCEEDED&limit=1000");
  return page.body.executions.length;
}

/**
 * A sample of the commit path's crash points, each reached by a real process that SIGKILLs
 * itself there (EVENTUAL_CRASH_AT): the in-process crash loop of each store covers every point
 * many times; this shows that a real death at them loses nothing either.
 */
const points = [
  "engine.submit:60",
  "commit.begin:45",
  "commit.after.appendHistory:30",
  "commit.after.removeActivity:25",
  "commit.end:50",
];

describe("eventual dev killed by SIGKILL at a crash point", () => {
  const scratch = mkdtempSync(join(tmpdir(), "eventual-crash-points-"));
  let dev: EventualProcess | undefined;
  afterAll(async () => {
    await dev?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it.each(points)(
    "at %s, completes every execution once after a restart",
    async (point) => {
      const data = join(scratch, point);
      const port = await freePort();
      const options = { entry: "index.ts", cwd: fixture, data, port };
      dev = await startDev({ ...options, env: { EVENTUAL_CRASH_AT: point } });
      const acknowledged = new Set<number>();
      const start = async (n: number) => {
        const body = { input: n, executionName: `order-${n}` };
        const path = "/_eventual/workflows/threeSteps/executions";
        const answer = await call(dev!.url, "POST", path, body).catch(() => undefined);
        if (answer?.status === 200) acknowledged.add(n);
      };
      // Batches of load until the point has been passed often enough for the process to die: how
      // many commits a batch takes depends on how many steps each one carries.
      let started = 0;
      const died = () => dev!.output().includes("The service stopped (SIGKILL)");
      for (let batch = 0; batch < 20 && !died(); batch++, started += perBatch) {
        await Promise.all(Array.from({ length: perBatch }, (_, i) => start(started + i)));
        // Until this batch is done, or the service is gone (then nothing answers).
        const batchDone = async () =>
          (await succeeded(dev!.url).catch(() => Number.POSITIVE_INFINITY)) >= acknowledged.size;
        await waitUntil(async () => died() || (await batchDone()), 30_000);
      }
      await dev.waitForOutput("The service stopped (SIGKILL)");
      await dev.stop();

      dev = await startDev(options);
      // The starts the dead process never answered; the others exist already, by name.
      await Promise.all(Array.from({ length: started }, (_, n) => start(n)));
      expect(acknowledged.size).toBe(started);
      await waitUntil(async () => (await succeeded(dev!.url)) === started, 60_000);
      for (let n = 0; n < started; n++) {
        await expectThreeStepsDone(dev.url, `threeSteps~order-${n}`, n);
      }
      await dev.stop();
      const db = new Database(join(data, "eventual.db"), { readonly: true });
      expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
      db.close();
    },
    300_000,
  );

  it("opens a database whose migration was cut off by SIGKILL, and runs on it", async () => {
    const data = join(scratch, "migrate");
    const options = { entry: "index.ts", cwd: fixture, data, port: await freePort() };
    const dying = await startDevExpectingDeath({
      ...options,
      env: { EVENTUAL_CRASH_AT: "migrate.2" },
    });
    // Before it was ever ready, a dead service ends eventual dev: no change to the code can help.
    expect(dying).toEqual({
      code: 1,
      output: "eventual: the service stopped before it was ready (SIGKILL)\n",
    });
    dev = await startDev(options);
    const started = await call(dev.url, "POST", "/_eventual/workflows/hello/executions?wait=30", {
      input: "after the cut",
    });
    expect(started.body.execution).toMatchObject({
      status: "SUCCEEDED",
      result: "hello after the cut",
    });
  }, 120_000);
});

/** Runs `eventual dev` whose service dies before it serves; resolves with how it ended. */
async function startDevExpectingDeath(
  options: Parameters<typeof startDev>[0],
): Promise<{ code: number | null; output: string }> {
  const run = runEventual(
    ["dev", options.entry, "--port", String(options.port), "--data", options.data],
    { cwd: options.cwd, env: options.env },
  );
  // `close`, not `exit`: by then everything it printed has been read.
  const [code] = await once(run.child, "close");
  return { code, output: run.output() };
}
