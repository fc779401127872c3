import type { ChildProcess } from "node:child_process";
import { once } from "node:events";
import { describe, it } from "vitest";
import { runEventual } from "./support/dev-server.js";
import { cliServiceDir, jsonOf, useCliService } from "./support/run-cli.js";

describe.concurrent("eventual start workflow", () => {
  const service = useCliService();
  const { cli } = service;

  it("prints the API's answer with --json, and says Started otherwise", async ({ expect }) => {
    const [json, human] = await Promise.all([
      cli("start", "workflow", "hello", "--input", '"ann"', "--json"),
      cli("start", "workflow", "hello", "--input", '"bo"', "--name", "h-human"),
    ]);
    expect(json.code).toBe(0);
    expect(jsonOf(json)).toEqual({
      executionId: expect.stringMatching(/^hello~[0-9a-z]{26}$/),
      alreadyRunning: false,
    });
    expect(human).toMatchObject({ code: 0, stderr: "" });
    expect(human.stdout).toBe("Started hello~h-human\n  eventual get execution hello~h-human\n");
  });

  it("starts a named execution once and reports the second start as existing", async ({
    expect,
  }) => {
    const first = await cli("start", "workflow", "hello", "--input", '"x"', "--name", "once");
    expect(first.code).toBe(0);
    const [json, human] = await Promise.all([
      cli("start", "workflow", "hello", "--input", '"x"', "--name", "once", "--json"),
      cli("start", "workflow", "hello", "--input", '"x"', "--name", "once"),
    ]);
    expect(jsonOf(json)).toEqual({ executionId: "hello~once", alreadyRunning: true });
    expect(human.stdout).toContain("Exists hello~once");
  });

  it("follows a sleeping workflow: prints each event while it waits, then the result", async ({
    expect,
  }) => {
    const run = runEventual(
      ["start", "workflow", "nap", "--input", "2", "--name", "napping", "--follow"],
      { cwd: cliServiceDir, env: { EVENTUAL_URL: service.url } },
    );
    await run.waitForOutput("TimerScheduled");
    // The line arrived while the workflow still sleeps: progress is shown as it happens.
    expect(run.child.exitCode).toBeNull();
    expect(await exitCodeOf(run.child)).toBe(0);
    const lines = run.output().trimEnd().split("\n");
    expect(lines[0]).toBe("Started nap~napping");
    expect(lines.slice(1, -2).map((line) => line.trim().split(/\s+/)[1])).toEqual([
      "WorkflowStarted",
      "TimerScheduled",
      "TimerCompleted",
      "WorkflowSucceeded",
    ]);
    expect(lines[1]).toMatch(/^\s+\+\d+ms\s+WorkflowStarted\s+input 2 version [0-9a-f]{12}$/);
    expect(lines[3]).toMatch(/^\s+\+[\d.]+s\s+TimerCompleted\s+#0 timer until /);
    expect(lines.at(-2)).toMatch(/^SUCCEEDED in [\d.]+s$/);
    expect(lines.at(-1)).toBe('result "rested"');
  });

  it("exits 1 with a one-line reason when the followed execution fails", async ({ expect }) => {
    const failed = await cli(
      "start",
      "workflow",
      "doomed",
      "--input",
      '"no luck"',
      "--name",
      "d1",
      "--follow",
    );
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/WorkflowFailed\s+Error: doomed: no luck\n/);
    expect(failed.stdout).toMatch(/\nFAILED in [\d.]+m?s\nerror {2}Error: doomed: no luck\n$/);
    expect(failed.stderr).toBe("eventual: doomed~d1 FAILED: Error: doomed: no luck\n");
  });

  it("prints the ended execution with --follow --json", async ({ expect }) => {
    const result = await cli(
      "start",
      "workflow",
      "threeSteps",
      "--input",
      "2",
      "--name",
      "followed",
      "--follow",
      "--json",
    );
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(jsonOf(result)).toEqual({
      executionId: "threeSteps~followed",
      alreadyRunning: false,
      execution: {
        id: "threeSteps~followed",
        workflowName: "threeSteps",
        status: "SUCCEEDED",
        input: 2,
        result: 9,
        startTime: expect.any(String),
        endTime: expect.any(String),
        version: expect.stringMatching(/^[0-9a-f]{12}$/),
      },
    });
  });

  it("follows an execution already started with get history --follow", async ({ expect }) => {
    await service.api("POST", "/_eventual/workflows/nap/executions", {
      input: 1,
      executionName: "history",
    });
    const [human, json] = await Promise.all([
      cli("get", "history", "nap~history", "--follow"),
      cli("get", "history", "--execution", "nap~history", "--follow", "--json"),
    ]);
    expect(human).toMatchObject({ code: 0, stderr: "" });
    const lines = human.stdout.trimEnd().split("\n");
    expect(lines.slice(0, -2).map((line) => line.trim().split(/\s+/)[1])).toEqual([
      "WorkflowStarted",
      "TimerScheduled",
      "TimerCompleted",
      "WorkflowSucceeded",
    ]);
    expect(lines.slice(-2)).toEqual([expect.stringMatching(/^SUCCEEDED in /), 'result "rested"']);
    const recorded = await service.api("GET", "/_eventual/executions/nap~history/history");
    expect(jsonOf(json)).toEqual(recorded.body);
  });

  it("refuses input that is not JSON with exit 2 and the parse error", async ({ expect }) => {
    const result = await cli("start", "workflow", "hello", "--input", "{bad");
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^eventual: --input is not valid JSON: .*position 1.*\n$/);
  });

  it("exits 1 with the API's message for a workflow the service does not declare", async ({
    expect,
  }) => {
    const result = await cli("start", "workflow", "nope");
    expect(result).toEqual({
      code: 1,
      stdout: "",
      stderr: 'eventual: Workflow "nope" is not declared by this service.\n',
    });
  });
});

async function exitCodeOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode === null && child.signalCode === null) await once(child, "exit");
  return child.exitCode;
}
