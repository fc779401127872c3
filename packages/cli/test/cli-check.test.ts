import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestDatabase } from "@eventual/store-postgres/test-support";
import { createTestDatabase } from "@eventual/store-postgres/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mapConcurrent } from "../src/check/map-concurrent.js";
import type { EventualProcess } from "./support/dev-server.js";
import { freePort, runEventual, startDev } from "./support/dev-server.js";
import { call } from "./support/http.js";
import { jsonOf, runCli } from "./support/run-cli.js";
import { apiKey, logLines, startServe } from "./support/serve-node.js";
import { waitUntil } from "./support/wait-until.js";

const fixture = fileURLToPath(new URL("./fixtures/check/", import.meta.url));
const workflows = ["order", "billing", "reminder"] as const;

/** Edits of the fixture, each a replacement of one unique piece of its text. */
type Edit = [from: string, to: string];
/** An activity call before `order` waits: every running order diverges, nothing else does. */
const breakOrder: Edit = [
  "  const more = await proceed.expectSignal",
  "  await charge(reserved);\n  const more = await proceed.expectSignal",
];
/** Code after `billing`'s wait: no running execution has reached it. */
const afterTheWait: Edit = ["  return charged;", "  await notify(charged);\n  return charged;"];
/** Commands match by name, not by argument. */
const otherArgument: Edit = ["await reserve(n)", "await reserve(n * 10)"];
/** `reminder` renamed: the code no longer declares the running reminders' workflow. */
const renameReminder: Edit = ['workflow("reminder"', 'workflow("reminder2"'];

/**
 * A copy of the fixture with `edits`, as `<scratch>/<name>/index.ts`: inside the repository, so
 * its imports resolve as the original's, and beside the running service, whose watcher ignores it.
 */
function editedEntry(scratch: string, name: string, ...edits: Edit[]): string {
  let code = readFileSync(join(fixture, "index.ts"), "utf8");
  for (const [from, to] of edits) {
    expect(code.split(from).length, `"${from}" appears once in the fixture`).toBe(2);
    code = code.replace(from, to);
  }
  mkdirSync(join(scratch, name));
  writeFileSync(join(scratch, name, "index.ts"), code);
  return join(scratch, name, "index.ts");
}

/** Starts `count` executions spread over the three workflows, many requests at once. */
async function startExecutions(
  url: string,
  count: number,
  headers: Record<string, string> = {},
): Promise<string[]> {
  const numbers = Array.from({ length: count }, (_, n) => n);
  return mapConcurrent(numbers, 32, async (n) => {
    const workflow = workflows[n % workflows.length]!;
    const path = `/_eventual/workflows/${workflow}/executions`;
    const started = await call(url, "POST", path, { input: n, executionName: `e-${n}` }, headers);
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    return started.body.executionId as string;
  });
}

/**
 * Waits until every execution waits (a timer is scheduled, which each workflow does only after
 * its activity): before that, an edit before the wait could not yet show in its history.
 */
async function waitUntilWaiting(
  url: string,
  ids: string[],
  headers: Record<string, string> = {},
): Promise<void> {
  let pending = ids;
  const waits = async (id: string) => {
    const path = `/_eventual/executions/${id}/history`;
    const { body } = await call(url, "GET", path, undefined, headers);
    return (body.events as { type: string }[]).some((event) => event.type === "TimerScheduled");
  };
  await waitUntil(
    async () => {
      const waiting = await mapConcurrent(pending, 16, waits);
      pending = pending.filter((_, index) => !waiting[index]);
      return pending.length === 0;
    },
    600_000,
    "the executions never reached their wait",
  );
}

const sorted = (ids: string[]) => [...ids].sort();
const idsOf = (report: { diverging: { executionId: string }[] }) =>
  sorted(report.diverging.map((execution) => execution.executionId));

describe("eventual check against eventual dev with 1,000 running executions", () => {
  const scratch = mkdtempSync(join(fixture, ".scratch-"));
  const service = join(scratch, "service");
  cpSync(join(fixture, "index.ts"), join(service, "index.ts"));
  const broken = editedEntry(scratch, "broken", breakOrder);
  let dev: EventualProcess | undefined;
  let ids: string[] = [];
  // A check of 1,000 histories takes seconds; the tests give it minutes on a slow day.
  const check = (...args: string[]) =>
    runCli(["check", ...args, "--url", dev!.url], { cwd: service, hangMs: 240_000 });
  const orders = () => ids.filter((id) => id.startsWith("order~"));

  beforeAll(async () => {
    dev = await startDev({ entry: "index.ts", cwd: service, data: join(scratch, "data") });
    ids = await startExecutions(dev.url, 1000);
    await waitUntilWaiting(dev.url, ids);
  }, 900_000);

  afterAll(async () => {
    await dev?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("exits 1 listing every execution of the broken workflow and none of the others", async () => {
    const result = await check(broken, "--json");
    expect(result.code, result.stderr).toBe(1);
    const report = jsonOf(result);
    expect(report.checked).toBe(1000);
    expect(orders()).toHaveLength(334);
    expect(idsOf(report)).toEqual(sorted(orders()));
    for (const execution of report.diverging) {
      expect(execution).toEqual({
        executionId: execution.executionId,
        workflowName: "order",
        divergence: { name: "DeterminismError", message: expect.stringContaining('"charge"') },
      });
    }
    expect(result.stderr).toBe(
      `eventual: 334 of 1000 executions would diverge from the code at ${broken}.\n`,
    );
  }, 600_000);

  it("prints a table of the diverging executions, then a summary", async () => {
    const result = await check(broken);
    expect(result.code).toBe(1);
    const lines = result.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^ID\s+WORKFLOW\s+DIVERGENCE$/);
    expect(lines.at(-1)).toBe("checked 1000 executions of 3 workflows: 334 would diverge");
    const rows = lines.slice(1, -1);
    expect(sorted(rows.map((row) => row.split(/\s+/)[0]!))).toEqual(sorted(orders()));
    for (const row of rows) expect(row).toMatch(/^order~e-\d+\s+order\s+At seq 1 .*"charge"/);
  }, 600_000);

  it("exits 0 after a compatible edit: code after the wait, or an activity's other argument", async () => {
    const compatible = [
      editedEntry(scratch, "after-the-wait", afterTheWait),
      editedEntry(scratch, "other-argument", otherArgument),
    ];
    for (const entry of compatible) {
      const [human, json] = await Promise.all([check(entry), check(entry, "--json")]);
      expect(human).toEqual({
        code: 0,
        stdout: "checked 1000 executions of 3 workflows: none would diverge\n",
        stderr: "",
      });
      expect(jsonOf(json)).toEqual({ checked: 1000, diverging: [] });
    }
  }, 600_000);

  it("counts the executions of a workflow the code no longer declares as diverging", async () => {
    const result = await check(editedEntry(scratch, "renamed", renameReminder), "--json");
    expect(result.code).toBe(1);
    const report = jsonOf(result);
    expect(report.checked).toBe(1000);
    expect(idsOf(report)).toEqual(sorted(ids.filter((id) => id.startsWith("reminder~"))));
    expect(report.diverging[0].divergence).toEqual({
      name: "UndeclaredWorkflow",
      message: expect.stringContaining('Workflow "reminder" is not declared by'),
    });
  }, 600_000);

  it("with --ended n, also replays the newest n ended executions of each workflow", async () => {
    const ended = ["order~e-0", "order~e-3"];
    for (const id of ended) {
      const sent = await call(dev!.url, "POST", `/_eventual/executions/${id}/signals`, {
        signal: "proceed",
        payload: 1,
      });
      expect(sent.status).toBe(202);
    }
    await waitUntil(async () => {
      const executions = await Promise.all(
        ended.map((id) => call(dev!.url, "GET", `/_eventual/executions/${id}`)),
      );
      return executions.every((execution) => execution.body.status === "SUCCEEDED");
    }, 120_000);

    const [unchanged, withBroken] = await Promise.all([
      check(join(service, "index.ts"), "--ended", "5", "--json"),
      check(broken, "--ended", "1", "--json"),
    ]);
    expect(unchanged.code).toBe(0);
    expect(jsonOf(unchanged)).toEqual({ checked: 1000, diverging: [] });
    expect(withBroken.code).toBe(1);
    const report = jsonOf(withBroken);
    expect(report.checked).toBe(999); // 998 running, and the newest ended order
    const diverging = idsOf(report);
    expect(diverging).toHaveLength(333);
    const running = orders().filter((id) => !ended.includes(id));
    expect(diverging.filter((id) => !running.includes(id))).toEqual([expect.toBeOneOf(ended)]);
  }, 600_000);
});

describe("eventual serve --check on PostgreSQL", () => {
  const scratch = mkdtempSync(join(fixture, ".scratch-"));
  const service = join(scratch, "service");
  cpSync(join(fixture, "index.ts"), join(service, "index.ts"));
  const headers = { authorization: `Bearer ${apiKey}` };
  let database: TestDatabase | undefined;
  let node: EventualProcess | undefined;
  let ids: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    const first = await startServe({ entry: "index.ts", cwd: service, db: database.url });
    ids = await startExecutions(first.url, 30, headers);
    await waitUntilWaiting(first.url, ids, headers);
    expect(await first.stop()).toBe(0);
  }, 600_000);

  afterAll(async () => {
    await node?.stop();
    await database?.drop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("exits 1 with the report, before taking any work, when an execution would diverge", async () => {
    const entry = editedEntry(scratch, "broken", breakOrder);
    const port = await freePort();
    const refused = runEventual(
      ["serve", entry, "--check", "--db", database!.url, "--port", String(port)],
      { cwd: service, env: { EVENTUAL_API_KEY: apiKey } },
    );
    const code = await new Promise<number | null>((resolve) => refused.child.once("exit", resolve));
    expect(code, refused.output()).toBe(1);
    const output = refused.output();
    const orders = ids.filter((id) => id.startsWith("order~"));
    for (const id of orders) expect(output).toMatch(new RegExp(`\\n${id}\\s+order\\s+At seq 1 `));
    expect(output).not.toMatch(/\n(billing|reminder)~/);
    expect(output).toContain("checked 30 executions of 3 workflows: 10 would diverge\n");
    expect(output).toContain(
      `eventual: 10 of 30 executions would diverge from the code at ${entry}.\n`,
    );
    expect(output).not.toContain('"msg":"serving"');
  }, 300_000);

  it("starts as usual when every execution replays, and answers /_eventual/health", async () => {
    const entry = editedEntry(scratch, "compatible", afterTheWait, otherArgument);
    node = await startServe({ entry, cwd: service, db: database!.url, args: ["--check"] });
    expect(logLines(node).find((line) => line.msg === "check passed")).toMatchObject({
      checked: 30,
      workflows: 3,
    });
    expect(await call(node.url, "GET", "/_eventual/health")).toEqual({
      status: 200,
      body: { ok: true },
    });
  }, 300_000);
});
