import { describe, it } from "vitest";
import { jsonOf, useCliService } from "./support/run-cli.js";
import { waitUntil } from "./support/wait-until.js";

describe.concurrent("eventual send signal and publish events", () => {
  const service = useCliService();
  const { cli, api } = service;
  const awaitApproval = async (name: string) => {
    await api("POST", "/_eventual/workflows/approval/executions", {
      input: { id: name },
      executionName: name,
    });
    return async () =>
      (
        await api("POST", "/_eventual/workflows/approval/executions?wait=10", {
          executionName: name,
        })
      ).body.execution;
  };

  it("sends a signal whose payload decides the workflow, printing {} with --json", async ({
    expect,
  }) => {
    const [ended1, ended2] = await Promise.all([awaitApproval("s1"), awaitApproval("s2")]);
    const [json, human] = await Promise.all([
      cli("send", "signal", "approval~s1", "decision", "--payload", '{"approved":true}', "--json"),
      cli("send", "signal", "approval~s2", "decision", "--payload", '{"approved":false}'),
    ]);
    expect(json).toMatchObject({ code: 0, stderr: "" });
    expect(jsonOf(json)).toEqual({});
    expect(human).toEqual({ code: 0, stdout: "Sent decision to approval~s2\n", stderr: "" });
    expect((await ended1()).result).toBe("approved s1");
    expect((await ended2()).result).toBe("denied s2");
  });

  it("sends the signal's --id, which the history records", async ({ expect }) => {
    const ended = await awaitApproval("s3");
    const sent = await cli(
      "send",
      "signal",
      "approval~s3",
      "decision",
      "--payload",
      '{"approved":true}',
      "--id",
      "sig-1",
    );
    expect(sent.code).toBe(0);
    await ended();
    const history = (await api("GET", "/_eventual/executions/approval~s3/history")).body;
    expect(history.events).toContainEqual(
      expect.objectContaining({ type: "SignalReceived", signal: "decision", id: "sig-1" }),
    );
  });

  it("exits 1 with the API's message when the execution has ended", async ({ expect }) => {
    await api("POST", "/_eventual/workflows/hello/executions?wait=10", {
      input: "x",
      executionName: "ended",
    });
    const result = await cli("send", "signal", "hello~ended", "decision");
    expect(result).toEqual({
      code: 1,
      stdout: "",
      stderr: 'eventual: Execution "hello~ended" has ended.\n',
    });
  });

  it("refuses a payload that is not JSON with exit 2", async ({ expect }) => {
    const result = await cli("send", "signal", "approval~s1", "decision", "--payload", "yes");
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^eventual: --payload is not valid JSON: .*\n$/);
  });

  it("publishes every --event to the subscribers, printing {} with --json", async ({ expect }) => {
    const [json, human] = await Promise.all([
      cli("publish", "events", "Ping", "--event", '{"n":1}', "--event", '{"n":2}', "--json"),
      cli("publish", "events", "Ping", "--event", '{"n":3}'),
    ]);
    expect(json).toMatchObject({ code: 0, stderr: "" });
    expect(jsonOf(json)).toEqual({});
    expect(human).toEqual({ code: 0, stdout: "Published 1 Ping event\n", stderr: "" });
    const pings = async () => (await api("GET", "/pings")).body.pings as number[];
    await waitUntil(async () => (await pings()).length === 3, 30_000, "the pings never arrived");
    expect((await pings()).sort()).toEqual([1, 2, 3]);
  });

  it("exits 1 with the API's message for an event that breaks its schema", async ({ expect }) => {
    const result = await cli("publish", "events", "Ping", "--event", '{"n":"one"}');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^eventual: Event "Ping" does not match its schema: n: Invalid input: expected number, received string\n$/,
    );
  });

  it("exits 1 for an event the service does not declare", async ({ expect }) => {
    const result = await cli("publish", "events", "Nope", "--event", "{}");
    expect(result).toMatchObject({
      code: 1,
      stderr: 'eventual: Event "Nope" is not declared by this service.\n',
    });
  });

  it("refuses an event that is not JSON with exit 2", async ({ expect }) => {
    const result = await cli("publish", "events", "Ping", "--event", '{"n":1}', "--event", "{n:2}");
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^eventual: --event is not valid JSON: .*\n$/);
  });
});
