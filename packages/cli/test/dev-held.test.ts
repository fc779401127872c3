import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createTestDatabase, type TestDatabase } from "@eventual/store-postgres/test-support";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EventualProcess } from "./support/dev-server.js";
import { startDev } from "./support/dev-server.js";
import { call } from "./support/http.js";
import { jsonOf, runCli } from "./support/run-cli.js";
import { waitUntil } from "./support/wait-until.js";

const fixture = fileURLToPath(new URL("./fixtures/durable/", import.meta.url));

/** The edit that makes `approval` diverge: its history begins with a timer, the code with an activity. */
const waiting = /console\.log\(`waiting for a decision on .*`\);/;
const diverging = "await greet(request.id);";

describe.each(["SQLite", "PostgreSQL"])("a held execution on %s under eventual dev", (store) => {
  const scratch = mkdtempSync(join(fixture, ".scratch-"));
  const service = join(scratch, "service");
  const file = join(service, "index.ts");
  cpSync(join(fixture, "index.ts"), file);
  const original = readFileSync(file, "utf8");
  let database: TestDatabase | undefined;
  let dev: EventualProcess;

  beforeAll(async () => {
    if (store === "PostgreSQL") database = await createTestDatabase();
    dev = await startDev({
      entry: "index.ts",
      cwd: service,
      data: join(scratch, "data"),
      ...(database ? { db: database.url } : {}),
    });
  });

  afterAll(async () => {
    await dev?.stop();
    await database?.drop();
    rmSync(scratch, { recursive: true, force: true });
  });

  const cli = (...args: string[]) => runCli([...args, "--url", dev.url], { cwd: service });
  const execution = async (id: string) =>
    (await call(dev.url, "GET", `/_eventual/executions/${id}`)).body;

  /** Starts `approval~<name>` and waits until its first step is stored. */
  async function startApproval(name: string): Promise<string> {
    const id = `approval~${name}`;
    await call(dev.url, "POST", "/_eventual/workflows/approval/executions", {
      input: { id: name },
      executionName: name,
    });
    await waitUntil(async () => (await execution(id)).status === "IN_PROGRESS");
    await waitUntil(async () => {
      const { events } = (await call(dev.url, "GET", `/_eventual/executions/${id}/history`)).body;
      return events.some((event: { type: string }) => event.type === "TimerScheduled");
    });
    return id;
  }

  /** Writes the service file and waits for the restart it causes. */
  async function deploy(code: string): Promise<void> {
    const restarts = dev.output().split("eventual dev ").length;
    writeFileSync(file, code);
    await dev.waitForOutput(
      new RegExp(`(eventual dev [\\s\\S]*){${restarts}}subscriptions`),
      60_000,
    );
  }

  /** Signals `id` on diverging code, which holds it; the dev terminal says so. */
  async function holdBySignal(id: string): Promise<void> {
    await call(dev.url, "POST", `/_eventual/executions/${id}/signals`, {
      signal: "decision",
      payload: { approved: true },
    });
    await dev.waitForOutput(`execution ${id} is held: DeterminismError`);
    await waitUntil(async () => (await execution(id)).held !== undefined);
  }

  it("holds on an edit that diverges, keeps it held on release, and resumes it when the edit is reverted", async () => {
    const id = await startApproval("reverted");
    await deploy(original.replace(waiting, diverging));
    await holdBySignal(id);

    const held = jsonOf(await cli("list", "executions", "--held", "--json"));
    expect(held.executions.map((e: { id: string }) => e.id)).toEqual([id]);
    expect(held.executions[0].held.message).toContain('activity "greet"');

    const release = await cli("release", id);
    expect(release.code).toBe(1);
    expect(release.stdout).toMatch(new RegExp(`Still held ${id}: DeterminismError: .*greet`));
    expect(release.stderr).toContain(`${id} is still held.`);
    expect((await execution(id)).held.name).toBe("DeterminismError");

    await deploy(original);
    await dev.waitForOutput(`execution ${id} resumes: its history replays on this code`);
    await waitUntil(async () => (await execution(id)).status === "SUCCEEDED");
    const resumed = await execution(id);
    expect(resumed.result).toBe("approved reverted");
    expect(resumed.held).toBeUndefined();
    expect(jsonOf(await cli("list", "executions", "--held", "--json")).executions).toEqual([]);
  });

  it("cancels a held execution, whose code cannot run", async () => {
    const id = await startApproval("cancelled");
    await deploy(original.replace(waiting, diverging));
    await holdBySignal(id);

    const cancelled = await cli("cancel", id, "--reason", "stuck");
    expect(cancelled.code).toBe(0);
    await waitUntil(async () => (await execution(id)).status === "CANCELLED");
    expect((await execution(id)).held).toBeUndefined();
    const { events } = (await call(dev.url, "GET", `/_eventual/executions/${id}/history`)).body;
    expect(events.at(-1)).toMatchObject({ type: "WorkflowCancelled", reason: "stuck" });
    expect((await cli("cancel", id)).code).toBe(1);
    await deploy(original);
  });
});
