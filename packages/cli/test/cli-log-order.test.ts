import { once } from "node:events";
import { createServer } from "node:http";
import { afterAll, beforeAll, describe, it } from "vitest";
import { runCli } from "./support/run-cli.js";

/**
 * A store keeps log lines in the order committed: a workflow's line written at .845 can be stored
 * before an activity's written at .844, whose attempt committed later. The control API answers in
 * that order; the CLI prints lines in the order they were written.
 */
const stored = [
  { time: "2026-11-25T04:20:38.845Z", level: "info", source: "workflow", message: "second" },
  { time: "2026-11-25T04:20:38.844Z", level: "info", source: "activity debit", message: "first" },
  { time: "2026-11-25T04:20:38.845Z", level: "warn", source: "workflow", message: "third" },
];

describe.concurrent("eventual get logs prints lines in time order", () => {
  const server = createServer((request, response) => {
    const service = request.url?.startsWith("/_eventual/logs");
    const logs = service ? stored.map((line) => ({ ...line, executionId: "transfer~t1" })) : stored;
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify({ logs }));
  });
  let url = "";

  beforeAll(async () => {
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => {
    server.close();
  });

  const messages = (stdout: string) =>
    stdout
      .trimEnd()
      .split("\n")
      .map((line) => line.split(/\s+/).at(-1));

  it("sorts an execution's lines by time, stably, and leaves --json as answered", async ({
    expect,
  }) => {
    const [human, json] = await Promise.all([
      runCli(["get", "logs", "transfer~t1", "--url", url]),
      runCli(["get", "logs", "transfer~t1", "--url", url, "--json"]),
    ]);
    expect(messages(human.stdout)).toEqual(["first", "second", "third"]);
    expect(JSON.parse(json.stdout)).toEqual({ logs: stored });
  });

  it("sorts the service's lines by time too, each naming its execution", async ({ expect }) => {
    const human = await runCli(["get", "logs", "--url", url]);
    expect(messages(human.stdout)).toEqual(["first", "second", "third"]);
    expect(human.stdout).toContain(" info  transfer~t1 activity debit  first\n");
  });
});
