import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, it } from "vitest";
import { jsonOf, useCliService } from "./support/run-cli.js";

const reordered = fileURLToPath(new URL("./fixtures/durable-reordered/index.ts", import.meta.url));

/** The original Eventual CLI's spellings, each working beside this CLI's own. */
describe.concurrent("eventual in the original CLI's spellings", () => {
  const service = useCliService();
  const { cli, cliWith, api } = service;
  const files = mkdtempSync(join(tmpdir(), "eventual-spellings-"));
  afterAll(() => rmSync(files, { recursive: true, force: true }));
  const jsonFile = (name: string, value: unknown) => {
    const path = join(files, `${name}.json`);
    writeFileSync(path, JSON.stringify(value));
    return path;
  };
  const startApproval = (name: string) =>
    api("POST", "/_eventual/workflows/approval/executions", {
      input: { id: name },
      executionName: name,
    });
  const resultOf = async (id: string) =>
    (await api("POST", `/_eventual/workflows/approval/executions?wait=10`, { executionName: id }))
      .body.execution.result;

  beforeAll(async () => {
    await api("POST", "/_eventual/workflows/hello/executions?wait=10", {
      input: "sp",
      executionName: "sp",
    });
  });

  it("takes the execution as an argument or as --execution, under get or show", async ({
    expect,
  }) => {
    const results = await Promise.all([
      cli("show", "execution", "--execution", "hello~sp", "--json"),
      cli("show", "history", "hello~sp", "--json"),
      cli("get", "logs", "hello~sp", "--json"),
    ]);
    const [execution, history, logs] = await Promise.all([
      api("GET", "/_eventual/executions/hello~sp"),
      api("GET", "/_eventual/executions/hello~sp/history"),
      api("GET", "/_eventual/executions/hello~sp/logs"),
    ]);
    const expected = [execution, history, logs];
    results.forEach((result, i) => {
      expect(result.code, String(i)).toBe(0);
      expect(jsonOf(result), String(i)).toEqual(expected[i]!.body);
    });
    const twice = await cli("get", "execution", "hello~sp", "--execution", "hello~sp");
    expect(twice).toMatchObject({ code: 2, stdout: "" });
    expect(twice.stderr).toMatch(/^eventual: the execution was given twice/);
  });

  it("sends a signal named first, to --execution, its payload from --payloadFile or -", async ({
    expect,
  }) => {
    await Promise.all([startApproval("file"), startApproval("stdin")]);
    const [fromFile, fromStdin] = await Promise.all([
      cli(
        "send",
        "signal",
        "decision",
        "--execution",
        "approval~file",
        "--payloadFile",
        jsonFile("decision", { approved: true }),
      ),
      cliWith(
        { input: '{"approved":false}' },
        ...["send", "signal", "approval~stdin", "decision", "--payloadFile", "-"],
      ),
    ]);
    expect(fromFile).toEqual({ code: 0, stdout: "Sent decision to approval~file\n", stderr: "" });
    expect(fromStdin.code).toBe(0);
    expect(await resultOf("file")).toBe("approved file");
    expect(await resultOf("stdin")).toBe("denied stdin");
  });

  it("publishes events from --payload and --payloadFile", async ({ expect }) => {
    const [inline, fromStdin] = await Promise.all([
      cli("publish", "events", "Ping", "--payload", '{"n":41}', "--json"),
      cliWith({ input: '{"n":42}' }, "publish", "events", "Ping", "--payloadFile", "-"),
    ]);
    expect(jsonOf(inline)).toEqual({});
    expect(fromStdin).toEqual({ code: 0, stdout: "Published 1 Ping event\n", stderr: "" });
    await expect
      .poll(async () => (await api("GET", "/pings")).body.pings.sort())
      .toEqual(expect.arrayContaining([41, 42]));
  });

  it("starts a workflow with its input from --inputFile, or - for standard input", async ({
    expect,
  }) => {
    const [fromFile, fromStdin, both] = await Promise.all([
      cli("start", "workflow", "hello", "--name", "file", "--inputFile", jsonFile("input", "ann")),
      cliWith({ input: '"bo"' }, "start", "workflow", "hello", "--inputFile", "-", "--json"),
      cli("start", "workflow", "hello", "--input", '"x"', "--inputFile", "-"),
    ]);
    expect(fromFile.stdout).toContain("Started hello~file\n");
    const started = jsonOf(fromStdin);
    const [execution, fromStdinExecution] = await Promise.all([
      api("POST", "/_eventual/workflows/hello/executions?wait=10", { executionName: "file" }),
      api("GET", `/_eventual/executions/${started.executionId}`),
    ]);
    expect(execution.body.execution.input).toBe("ann");
    expect(fromStdinExecution.body.input).toBe("bo");
    expect(both).toEqual({
      code: 2,
      stdout: "",
      stderr: "eventual: give --input or --inputFile, not both.\n",
    });
  });

  it("replays --execution against the entry given after it", async ({ expect }) => {
    const [same, changed] = await Promise.all([
      cli("replay", "execution", "--execution", "hello~sp"),
      cli("replay", "execution", "--execution", "hello~sp", reordered),
    ]);
    expect(same).toEqual({ code: 0, stdout: "replayed 4 events: no divergence\n", stderr: "" });
    expect(changed.code).toBe(1);
    expect(changed.stderr).toContain('Workflow "hello" is not declared by');
  });

  it("lists the service at --url, name first", async ({ expect }) => {
    const [json, human] = await Promise.all([
      cli("list", "services", "--json"),
      cli("list", "services"),
    ]);
    const description = (await api("GET", "/_eventual/service")).body;
    expect(jsonOf(json)).toEqual({ services: [{ ...description, url: service.url }] });
    const [header, row] = human.stdout.trimEnd().split("\n");
    expect(header?.split(/\s+/)).toEqual([
      "NAME",
      "URL",
      "WORKFLOWS",
      "ACTIVITIES",
      "EVENTS",
      "SUBSCRIPTIONS",
      "ROUTES",
    ]);
    expect(row?.split(/\s+/)).toEqual([description.name, service.url, "5", "4", "2", "2", "1"]);
  });
});
