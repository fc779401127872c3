import { once } from "node:events";
import { beforeAll, describe, it } from "vitest";
import { runEventual } from "./support/dev-server.js";
import { cliServiceDir, jsonOf, runCli, useCliService } from "./support/run-cli.js";

describe.concurrent("eventual list and get", () => {
  const service = useCliService();
  const { cli, api } = service;
  const start = (workflow: string, executionName: string, input: unknown, wait = "") =>
    api("POST", `/_eventual/workflows/${workflow}/executions${wait}`, { input, executionName });

  beforeAll(async () => {
    // Started one after the other, so that their order by start time is known.
    await start("hello", "h1", "h1", "?wait=10");
    await start("approval", "a1", { id: "a1" });
    await start("doomed", "d1", "bad day", "?wait=10");
    await start("approval", "watched", { id: "watched" }); // for the test that follows its logs
  });

  it("lists the declared workflows, as JSON and as a table", async ({ expect }) => {
    const [json, human] = await Promise.all([
      cli("list", "workflows", "--json"),
      cli("list", "workflows"),
    ]);
    const names = ["threeSteps", "approval", "hello", "nap", "doomed"];
    expect(jsonOf(json)).toEqual({ workflows: names.map((name) => ({ name })) });
    expect(human.stdout).toBe(`NAME\n${names.join("\n")}\n`);
  });

  it("lists executions newest first, filtered by workflow and status", async ({ expect }) => {
    const [all, byWorkflow, byStatus, human] = await Promise.all([
      cli("list", "executions", "--json"),
      cli("list", "executions", "--workflow", "hello", "--json"),
      cli("list", "executions", "--status", "failed", "--json"),
      cli("list", "executions"),
    ]);
    const ids = (result: typeof all) =>
      jsonOf(result).executions.map((execution: { id: string }) => execution.id);
    expect(ids(all)).toEqual(["approval~watched", "doomed~d1", "approval~a1", "hello~h1"]);
    expect(jsonOf(all).nextToken).toBeUndefined();
    expect(jsonOf(byWorkflow).executions).toEqual([
      {
        id: "hello~h1",
        workflowName: "hello",
        status: "SUCCEEDED",
        input: "h1",
        result: "hello h1",
        startTime: expect.any(String),
        endTime: expect.any(String),
        version: expect.stringMatching(/^[0-9a-f]{12}$/),
      },
    ]);
    expect(ids(byStatus)).toEqual(["doomed~d1"]);
    const [header, ...rows] = human.stdout.trimEnd().split("\n");
    expect(header?.split(/\s+/)).toEqual(["ID", "WORKFLOW", "STATUS", "STARTED", "DURATION"]);
    expect(rows).toHaveLength(4);
    expect(rows[3]).toMatch(
      /^hello~h1\s+hello\s+SUCCEEDED\s+\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+[\d.]+m?s$/,
    );
    expect(rows[2]).toMatch(/^approval~a1\s+approval\s+IN_PROGRESS\s/);
    expect(rows[1]).toMatch(/^doomed~d1\s+doomed\s+FAILED\s/);
  });

  it("pages executions with --limit and --next-token, in either order", async ({ expect }) => {
    const [first, newest, human] = await Promise.all([
      cli("list", "executions", "--order", "asc", "--limit", "2", "--json"),
      cli("list", "executions", "--limit", "1", "--json"),
      cli("list", "executions", "--order", "asc", "--limit", "1"),
    ]);
    expect(jsonOf(first).executions.map((e: { id: string }) => e.id)).toEqual([
      "hello~h1",
      "approval~a1",
    ]);
    expect(jsonOf(newest).executions.map((e: { id: string }) => e.id)).toEqual([
      "approval~watched",
    ]);
    const token = jsonOf(first).nextToken;
    expect(token).toEqual(expect.any(String));
    expect(human.stdout).toMatch(/^ID.*\nhello~h1 .*\nMore: --next-token \S+\n$/);
    const rest = await cli(
      "list",
      "executions",
      ...["--order", "asc", "--limit", "2", "--next-token", token, "--json"],
    );
    expect(jsonOf(rest).executions.map((e: { id: string }) => e.id)).toEqual([
      "doomed~d1",
      "approval~watched",
    ]);
    expect(jsonOf(rest).nextToken).toBeUndefined();
  });

  it("shows an execution as the API answers it, and as fields", async ({ expect }) => {
    const [json, succeeded, failed, running] = await Promise.all([
      cli("get", "execution", "hello~h1", "--json"),
      cli("get", "execution", "hello~h1"),
      cli("get", "execution", "doomed~d1"),
      cli("get", "execution", "approval~a1"),
    ]);
    expect(jsonOf(json)).toEqual((await api("GET", "/_eventual/executions/hello~h1")).body);
    expect(succeeded.stdout).toMatch(
      /^id {8}hello~h1\nworkflow {2}hello\nstatus {4}SUCCEEDED\ninput {5}"h1"\nresult {4}"hello h1"\nstarted {3}\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\nended {5}\d{4}-.*\nduration {2}[\d.]+m?s\nversion {3}[0-9a-f]{12}\n$/,
    );
    expect(failed.stdout).toContain("status    FAILED\n");
    expect(failed.stdout).toContain("error     Error: doomed: bad day\n");
    expect(running.stdout).toContain("status    IN_PROGRESS\n");
    expect(running.stdout).not.toContain("ended");
  });

  it("shows an execution's history as the API answers it, and as a table", async ({ expect }) => {
    const [json, human] = await Promise.all([
      cli("get", "history", "hello~h1", "--json"),
      cli("get", "history", "hello~h1"),
    ]);
    const recorded = (await api("GET", "/_eventual/executions/hello~h1/history")).body;
    expect(jsonOf(json)).toEqual(recorded);
    expect(recorded.events.map((e: { type: string }) => e.type)).toEqual([
      "WorkflowStarted",
      "ActivityScheduled",
      "ActivitySucceeded",
      "WorkflowSucceeded",
    ]);
    const lines = human.stdout.trimEnd().split("\n");
    expect(lines[0]?.split(/\s+/)).toEqual(["SEQ", "TIME", "TYPE", "DETAILS"]);
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(/^\s+\+0ms\s+WorkflowStarted\s+input "h1" version [0-9a-f]{12}$/),
      expect.stringMatching(/^0\s+\+[\d.]+m?s\s+ActivityScheduled\s+greet\("h1"\)$/),
      expect.stringMatching(/^0\s+\+[\d.]+m?s\s+ActivitySucceeded\s+greet → "hello h1"$/),
      expect.stringMatching(/^\s+\+[\d.]+m?s\s+WorkflowSucceeded\s+result "hello h1"$/),
    ]);
  });

  it("shows an execution's logs as the API answers them, and as lines", async ({ expect }) => {
    const [json, human] = await Promise.all([
      cli("get", "logs", "--execution", "hello~h1", "--json"),
      cli("get", "logs", "--execution", "hello~h1"),
    ]);
    expect(jsonOf(json)).toEqual({
      logs: [
        {
          time: expect.any(String),
          level: "info",
          source: "activity greet",
          message: "greeting h1",
        },
      ],
    });
    expect(human.stdout).toMatch(/^\d\d:\d\d:\d\d\.\d{3} info {2}activity greet {2}greeting h1\n$/);
  });

  it("follows logs until the execution ends", async ({ expect }) => {
    const run = runEventual(["get", "logs", "--execution", "approval~watched", "--follow"], {
      cwd: cliServiceDir,
      env: { EVENTUAL_URL: service.url },
    });
    const exited = once(run.child, "exit");
    await run.waitForOutput("waiting for a decision on watched");
    expect(run.child.exitCode).toBeNull();
    await api("POST", "/_eventual/executions/approval~watched/signals", {
      signal: "decision",
      payload: { approved: true },
    });
    const [code] = await exited;
    expect(code).toBe(0);
    expect(run.output()).toMatch(
      /info {2}workflow {2}waiting for a decision on watched\n.*info {2}workflow {2}decided: approved\n$/,
    );
  });

  it("shows the service's logs across executions, by workflow and time", async ({ expect }) => {
    const [byWorkflow, json, all, future] = await Promise.all([
      cli("get", "logs", "--workflow", "hello"),
      cli("get", "logs", "--workflow", "hello", "--since", "1h", "--json"),
      cli("get", "logs"),
      cli("get", "logs", "--since", "2999-01-01T00:00:00Z"),
    ]);
    expect(byWorkflow.stdout).toMatch(
      /^\d\d:\d\d:\d\d\.\d{3} info {2}hello~h1 activity greet {2}greeting h1\n$/,
    );
    expect(jsonOf(json)).toEqual({
      logs: [
        {
          time: expect.any(String),
          level: "info",
          source: "activity greet",
          message: "greeting h1",
          executionId: "hello~h1",
        },
      ],
    });
    expect(all.stdout).toContain(" info  hello~h1 activity greet  greeting h1\n");
    expect(all.stdout).toContain(" info  approval~a1 workflow  waiting for a decision on a1\n");
    expect(future).toEqual({ code: 0, stdout: "No logs.\n", stderr: "" });
  });

  it("follows the service's logs, printing each new line once", async ({ expect }) => {
    const run = runEventual(["get", "logs", "--follow"], {
      cwd: cliServiceDir,
      env: { EVENTUAL_URL: service.url },
    });
    try {
      await run.waitForOutput("greeting h1");
      const boom = (id: string) =>
        api("POST", "/_eventual/events", {
          events: [{ name: "Boom", event: { id, failures: 0 } }],
        });
      await boom("followed-1");
      await run.waitForOutput("exploded followed-1 on try 1");
      await boom("followed-2");
      await run.waitForOutput("exploded followed-2 on try 1");
      expect(run.output()).toMatch(
        /\d\d:\d\d:\d\d\.\d{3} info {2}subscription explode {2}exploded followed-1 on try 1\n/,
      );
      expect(run.output().split("exploded followed-1").length - 1).toBe(1);
      expect(run.output().split("greeting h1").length - 1).toBe(1);
    } finally {
      await run.stop();
    }
  });

  it("shows the service as the API answers it, and as fields", async ({ expect }) => {
    const [json, human] = await Promise.all([
      cli("get", "service", "--json"),
      cli("get", "service"),
    ]);
    expect(jsonOf(json)).toEqual((await api("GET", "/_eventual/service")).body);
    expect(jsonOf(json).workflows.map((w: { name: string }) => w.name)).toContain("doomed");
    expect(human.stdout).toContain("workflows      threeSteps, approval, hello, nap, doomed\n");
    expect(human.stdout).toContain("signals        decision\n");
    expect(human.stdout).toContain("subscriptions  recordPing (Ping), explode (Boom)\n");
    expect(human.stdout).toContain("routes         GET /pings\n");
  });

  it("exits 1 with the API's message for an unknown execution", async ({ expect }) => {
    const results = await Promise.all([
      cli("get", "execution", "x~y"),
      cli("get", "history", "x~y", "--json"),
      cli("get", "logs", "--execution", "x~y"),
    ]);
    for (const result of results) {
      expect(result).toEqual({
        code: 1,
        stdout: "",
        stderr: 'eventual: Execution "x~y" does not exist.\n',
      });
    }
  });

  it("colours a table only when asked to, since standard output is not a terminal", async ({
    expect,
  }) => {
    const plain = { NO_COLOR: undefined, FORCE_COLOR: undefined, CI: "true" };
    const [piped, forced] = await Promise.all([
      runCli(["list", "executions"], { env: { ...plain, EVENTUAL_URL: service.url } }),
      runCli(["list", "executions"], {
        env: { ...plain, FORCE_COLOR: "1", EVENTUAL_URL: service.url },
      }),
    ]);
    expect(piped.stdout).toContain("SUCCEEDED");
    expect(piped.stdout).not.toContain("\x1b[");
    expect(forced.stdout).toContain("\x1b[32mSUCCEEDED\x1b[39m");
  });
});
