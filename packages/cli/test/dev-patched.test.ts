import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import type { EventualProcess } from "./support/dev-server.js";
import { startDev } from "./support/dev-server.js";
import { call } from "./support/http.js";
import { runCli } from "./support/run-cli.js";
import { waitUntil } from "./support/wait-until.js";

/**
 * The service before the change: reserve an order, wait for the go-ahead, ship it. The edit adds a
 * fee and insured shipping behind `patched("fee")`. Executions started before the edit have
 * already reserved without the marker when the code changes, so on replay `patched` is false for
 * them and they finish along the old branch, the step after the wait included; those started after
 * record the marker and take the new one.
 */
const oldActivities = `
export const go = signal<string>("go");
export const reserve = activity("reserve", (order: string) => \`reserved \${order}\`);
export const ship = activity("ship", (order: string, word: string) => \`shipped \${order} on \${word}\`);
`;
/** Declared by the changed code only, so the summary of the restarted service names them. */
const activities = `${oldActivities}
export const chargeFee = activity("chargeFee", (order: string) => \`fee for \${order}\`);
export const shipInsured = activity(
  "shipInsured",
  (order: string, word: string) => \`shipped \${order} insured on \${word}\`,
);
`;

const before = `import { activity, signal, workflow } from "@eventual/core";
${oldActivities}
export const fulfil = workflow("fulfil", async (order: string) => {
  const steps = [await reserve(order)];
  const word = await go.expectSignal();
  steps.push(await ship(order, word));
  return steps;
});
`;

const withPatch = `import { activity, patched, signal, workflow } from "@eventual/core";
${activities}
export const fulfil = workflow("fulfil", async (order: string) => {
  const withFee = patched("fee");
  const steps = withFee ? [await chargeFee(order), await reserve(order)] : [await reserve(order)];
  const word = await go.expectSignal();
  if (withFee) {
    steps.push(await shipInsured(order, word));
  } else {
    steps.push(await ship(order, word));
  }
  return steps;
});
`;

/** The same change made without the patch: what executions from before could not replay. */
const unpatched = `import { activity, signal, workflow } from "@eventual/core";
${activities}
export const fulfil = workflow("fulfil", async (order: string) => {
  const steps = [await chargeFee(order), await reserve(order)];
  const word = await go.expectSignal();
  steps.push(await shipInsured(order, word));
  return steps;
});
`;

/** The next stage, once no execution from before the change runs. */
const deprecated = `import { activity, deprecatePatch, signal, workflow } from "@eventual/core";
${activities}
export const fulfil = workflow("fulfil", async (order: string) => {
  deprecatePatch("fee");
  const steps = [await chargeFee(order), await reserve(order)];
  const word = await go.expectSignal();
  steps.push(await shipInsured(order, word));
  return steps;
});
`;

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

interface HistoryEvent {
  type: string;
  name?: string;
  changeId?: string;
}

describe("eventual dev when a running workflow's code changes behind patched()", () => {
  // Under the repository (so the service's imports resolve), in its git-ignored scratch folder.
  mkdirSync(join(repoRoot, ".scratch"), { recursive: true });
  const scratch = mkdtempSync(join(repoRoot, ".scratch", "dev-patched-"));
  const service = join(scratch, "service");
  const entry = join(service, "index.ts");
  // Outside the folder eventual dev watches, so writing them restarts nothing.
  const variants = join(scratch, "variants");
  mkdirSync(service, { recursive: true });
  mkdirSync(variants, { recursive: true });
  writeFileSync(entry, before);
  writeFileSync(join(variants, "unpatched.ts"), unpatched);
  writeFileSync(join(variants, "deprecated.ts"), deprecated);
  let dev: EventualProcess | undefined;

  afterAll(async () => {
    await dev?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  const start = async (order: string) => {
    const started = await call(dev!.url, "POST", "/_eventual/workflows/fulfil/executions", {
      input: order,
      executionName: order,
    });
    expect(started.status).toBe(200);
    return started.body.executionId as string;
  };
  const history = async (id: string): Promise<HistoryEvent[]> =>
    (await call(dev!.url, "GET", `/_eventual/executions/${id}/history`)).body.events;
  const execution = async (id: string) =>
    (await call(dev!.url, "GET", `/_eventual/executions/${id}`)).body;
  const scheduled = (events: HistoryEvent[]) =>
    events.filter((e) => e.type === "ActivityScheduled").map((e) => e.name);
  const replay = (id: string, against: string) =>
    runCli(["replay", "execution", id, against], { env: { EVENTUAL_URL: dev!.url } });

  it("finishes executions started before and after the edit, each along its own branch", {
    timeout: 300_000,
  }, async () => {
    const host = await startDev({ entry: "index.ts", cwd: service, data: join(scratch, "data") });
    dev = host;
    const old = [await start("a1"), await start("a2")];
    // Each has reserved, recording no marker, and waits for the go-ahead.
    for (const id of old) {
      await waitUntil(
        async () => (await history(id)).some((e) => e.type === "ActivitySucceeded"),
        120_000,
        `${id} did not reserve`,
      );
    }

    const banners = host.output().split("eventual dev ").length;
    writeFileSync(entry, withPatch);
    await host.waitForOutput("index.ts changed; restarting the service.", 60_000);
    await host.waitForOutput(
      new RegExp(`(eventual dev [\\s\\S]*){${banners}}activities +[^\\n]*chargeFee`),
      60_000,
    );
    const fresh = [await start("b1"), await start("b2")];

    for (const id of [...old, ...fresh]) {
      const signalled = await call(host.url, "POST", `/_eventual/executions/${id}/signals`, {
        signal: "go",
        payload: "go",
      });
      expect(signalled.status).toBe(202);
    }
    for (const id of [...old, ...fresh]) {
      await waitUntil(async () => (await execution(id)).status !== "IN_PROGRESS", 120_000).catch(
        () => {
          throw new Error(`${id} did not end; eventual dev printed:\n${host.output()}`);
        },
      );
    }

    for (const order of ["a1", "a2"]) {
      const id = `fulfil~${order}`;
      expect(await execution(id)).toMatchObject({
        status: "SUCCEEDED",
        result: [`reserved ${order}`, `shipped ${order} on go`],
      });
      const events = await history(id);
      expect(events.filter((e) => e.type === "PatchApplied")).toEqual([]);
      expect(scheduled(events)).toEqual(["reserve", "ship"]);
    }
    for (const order of ["b1", "b2"]) {
      const id = `fulfil~${order}`;
      expect(await execution(id)).toMatchObject({
        status: "SUCCEEDED",
        result: [`fee for ${order}`, `reserved ${order}`, `shipped ${order} insured on go`],
      });
      const events = await history(id);
      expect(events.filter((e) => e.type === "PatchApplied")).toMatchObject([{ changeId: "fee" }]);
      expect(scheduled(events)).toEqual(["chargeFee", "reserve", "shipInsured"]);
    }
    expect(host.output()).not.toContain("is held");
  });

  it("replays both kinds against the new code", { timeout: 300_000 }, async () => {
    const ids = ["fulfil~a1", "fulfil~a2", "fulfil~b1", "fulfil~b2"];
    const results = await Promise.all(ids.map((id) => replay(id, entry)));
    for (const result of results) {
      expect(result).toMatchObject({ code: 0, stderr: "" });
      expect(result.stdout).toMatch(/^replayed \d+ events: no divergence\n$/);
    }
  });

  it("needs the patch: without it both kinds diverge, and deprecatePatch keeps only those after", {
    timeout: 300_000,
  }, async () => {
    const [oldUnpatched, freshUnpatched, oldDeprecated, freshDeprecated] = await Promise.all([
      replay("fulfil~a1", join(variants, "unpatched.ts")),
      replay("fulfil~b1", join(variants, "unpatched.ts")),
      replay("fulfil~a1", join(variants, "deprecated.ts")),
      replay("fulfil~b1", join(variants, "deprecated.ts")),
    ]);
    expect(oldUnpatched.code).toBe(1);
    expect(oldUnpatched.stderr).toContain(
      'At seq 0 history recorded activity "reserve", but the workflow now issues activity "chargeFee".',
    );
    expect(freshUnpatched.code).toBe(1);
    expect(freshUnpatched.stderr).toContain(
      'At seq 0 history recorded patched("fee"), but the workflow now issues activity "chargeFee".',
    );
    expect(oldDeprecated.code).toBe(1);
    expect(freshDeprecated).toMatchObject({ code: 0, stderr: "" });
  });
});
