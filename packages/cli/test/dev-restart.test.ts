import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import type { EventualProcess } from "./support/dev-server.js";
import { startDev } from "./support/dev-server.js";
import { call } from "./support/http.js";

const fixture = fileURLToPath(new URL("./fixtures/durable/", import.meta.url));

describe("eventual dev when the service's code changes", () => {
  // A copy of the service inside the repository, so that its imports resolve as the original's.
  const scratch = mkdtempSync(join(fixture, ".scratch-"));
  const service = join(scratch, "service");
  cpSync(join(fixture, "index.ts"), join(service, "index.ts"));
  let dev: EventualProcess | undefined;

  afterAll(async () => {
    await dev?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it("restarts, and an execution that was sleeping still completes", async () => {
    dev = await startDev({ entry: "index.ts", cwd: service, data: join(scratch, "data") });
    const started = await call(dev.url, "POST", "/_eventual/workflows/nap/executions", {
      input: 2,
    });
    const banners = () => dev!.output().split("eventual dev ").length - 1;
    expect(banners()).toBe(1);

    appendFileSync(join(service, "index.ts"), "\nexport const edited = true;\n");
    await dev.waitForOutput("index.ts changed; restarting the service.");
    await dev.waitForOutput(/eventual dev[\s\S]*eventual dev[\s\S]*subscriptions/);
    expect(banners()).toBe(2);
    const id = started.body.executionId;
    const afterRestart = await call(dev.url, "GET", `/_eventual/executions/${id}`);
    expect(afterRestart.body.status).toBe("IN_PROGRESS"); // still asleep, in the new process

    const waited = await call(dev.url, "POST", "/_eventual/workflows/nap/executions?wait=15", {
      executionName: started.body.executionId.split("~")[1],
    });
    expect(waited.body.alreadyRunning).toBe(true);
    expect(waited.body.execution).toMatchObject({ status: "SUCCEEDED", result: "rested" });
  });

  it("says so when an execution is held because the code no longer matches its history", async () => {
    const id = "approval~held";
    const started = await call(dev!.url, "POST", "/_eventual/workflows/approval/executions", {
      input: { id: "held" },
      executionName: "held",
    });
    expect(started.status).toBe(200);
    // Its history begins with the signal's timeout timer; the edited code starts with an activity.
    const file = join(service, "index.ts");
    const code = readFileSync(file, "utf8");
    const edited = code.replace(
      /console\.log\(`waiting for a decision on .*`\);/,
      "await greet(request.id);",
    );
    expect(edited).not.toBe(code);
    const restarts = dev!.output().split("eventual dev ").length;
    writeFileSync(file, edited);
    await dev!.waitForOutput(new RegExp(`(eventual dev [\\s\\S]*){${restarts}}subscriptions`));
    await call(dev!.url, "POST", `/_eventual/executions/${id}/signals`, {
      signal: "decision",
      payload: { approved: true },
    });
    await dev!.waitForOutput(
      /execution approval~held is held: DeterminismError: .*; it resumes once the code matches its history\n/,
    );
  });

  it("waits for a change when the code it restarted on fails to load, and recovers", async () => {
    const file = join(service, "index.ts");
    const code = readFileSync(file, "utf8");
    writeFileSync(file, `${code}\nthrow new Error("broken on purpose");\n`);
    await dev!.waitForOutput(
      /eventual: the service could not start: Error: broken on purpose\nThe service stopped \(exit code 1\); waiting for a change\.\n/,
    );
    expect(dev!.child.exitCode).toBeNull();
    const banners = dev!.output().split("eventual dev ").length;
    writeFileSync(file, code);
    await dev!.waitForOutput(new RegExp(`(eventual dev [\\s\\S]*){${banners}}subscriptions`));
    expect((await call(dev!.url, "GET", "/_eventual/health")).body).toEqual({ ok: true });
  });
});
