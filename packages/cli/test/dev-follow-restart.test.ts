import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { EventualProcess } from "./support/dev-server.js";
import { freePort, runEventual, startDev } from "./support/dev-server.js";
import { call } from "./support/http.js";
import { cliServiceDir } from "./support/run-cli.js";

describe("--follow while eventual dev stops and starts again", () => {
  const data = mkdtempSync(join(tmpdir(), "eventual-follow-"));
  let port: number;
  let dev: EventualProcess | undefined;
  const startService = async () => {
    port ??= await freePort();
    dev = await startDev({ entry: "index.ts", cwd: cliServiceDir, data, port });
    return dev;
  };

  afterAll(async () => {
    await dev?.stop();
    rmSync(data, { recursive: true, force: true });
  });

  it("rides out the restart and prints every event once", async () => {
    const { url } = await startService();
    const follow = runEventual(
      ["start", "workflow", "approval", "--name", "f1", "--input", '{"id":"f1"}', "--follow"],
      { cwd: cliServiceDir, env: { EVENTUAL_URL: url } },
    );
    const exited = once(follow.child, "exit");
    await follow.waitForOutput("TimerScheduled");

    await dev!.stop();
    await follow.waitForOutput(
      `eventual: Cannot reach ${url}: ECONNREFUSED; retrying for 30s.`,
      30_000,
    );
    await startService();
    await call(url, "POST", "/_eventual/executions/approval~f1/signals", {
      signal: "decision",
      payload: { approved: true },
    });
    const [code] = await exited;
    expect(code).toBe(0);

    const output = follow.output();
    const types = output
      .split("\n")
      .map((line) => /^\s+\+\S+\s+(\w+)/.exec(line)?.[1])
      .filter(Boolean);
    expect(types).toEqual([
      "WorkflowStarted",
      "TimerScheduled",
      "SignalReceived",
      "WorkflowSucceeded",
    ]);
    expect(output.split("Cannot reach").length - 1).toBe(1);
    expect(output).toContain("eventual: reconnected.\n");
    expect(output).toMatch(/SUCCEEDED in [\d.]+m?s\nresult "approved f1"\n$/);
  });

  it("gives up after a while, saying how to carry on", async () => {
    const { url } = dev!;
    await call(url, "POST", "/_eventual/workflows/approval/executions", {
      input: { id: "f2" },
      executionName: "f2",
    });
    const follow = runEventual(["get", "logs", "approval~f2", "--follow"], {
      cwd: cliServiceDir,
      env: { EVENTUAL_URL: url, EVENTUAL_FOLLOW_RETRY_SECONDS: "2" },
    });
    const exited = once(follow.child, "exit");
    await follow.waitForOutput("waiting for a decision on f2");
    await dev!.stop();
    const [code] = await exited;
    expect(code).toBe(1);
    expect(follow.output()).toMatch(
      new RegExp(
        `eventual: gave up after 2s: Cannot reach ${url}: ECONNREFUSED\\. Start the service \\(eventual dev\\), then follow again: eventual get logs approval~f2 --follow\\n$`,
      ),
    );
  });
});
