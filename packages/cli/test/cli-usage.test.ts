import { spawn } from "node:child_process";
import { once } from "node:events";
import type { IncomingHttpHeaders } from "node:http";
import { createServer } from "node:http";
import { describe, it } from "vitest";
import { freePort } from "./support/dev-server.js";
import { cliBin, runCli } from "./support/run-cli.js";

/** Every client verb, with the options of its own that its help must list. */
const verbs: [string[], string[]][] = [
  [
    ["start", "workflow"],
    ["--input", "--inputFile", "--name", "--follow"],
  ],
  [["list", "workflows"], []],
  [
    ["list", "executions"],
    ["--workflow", "--status", "--limit", "--next-token", "--order"],
  ],
  [
    ["list", "dead-letters"],
    ["--limit", "--next-token"],
  ],
  [["list", "services"], []],
  [["get", "execution"], ["--execution"]],
  [
    ["get", "history"],
    ["--execution", "--follow"],
  ],
  [
    ["get", "logs"],
    ["--execution", "--follow", "--workflow", "--since", "--limit"],
  ],
  [
    ["get", "timeline"],
    ["--execution", "--open"],
  ],
  [["get", "service"], []],
  [
    ["send", "signal"],
    ["--execution", "--payload", "--payloadFile", "--id"],
  ],
  [
    ["publish", "events"],
    ["--event", "--payload", "--payloadFile"],
  ],
  [["redrive"], []],
  [["replay", "execution"], ["--execution"]],
];

describe.concurrent("eventual's help, usage errors and connection errors", () => {
  it("lists every verb with examples in --help", async ({ expect }) => {
    const help = await runCli(["--help"]);
    expect(help.code).toBe(0);
    for (const verb of [
      "dev",
      "start",
      "list",
      "get\\|show",
      "send",
      "publish",
      "replay",
      "redrive",
    ]) {
      expect(help.stdout).toMatch(new RegExp(`\\n  ${verb} `));
    }
    expect(help.stdout).toContain("Examples:\n  eventual dev src/index.ts\n");
  });

  it("lists the options and an example in every verb's help", async ({ expect }) => {
    const helps = await Promise.all(verbs.map(([verb]) => runCli([...verb, "--help"])));
    verbs.forEach(([verb, own], i) => {
      const help = helps[i]!;
      expect(help.code, verb.join(" ")).toBe(0);
      expect(help.stdout).toContain(`Usage: eventual ${verb.join(" ")} [options]`);
      for (const option of [...own, "--url <url>", "--api-key <key>", "--json"]) {
        expect(help.stdout, `${verb.join(" ")} ${option}`).toContain(option);
      }
      expect(help.stdout).toMatch(/\nExamples?:\n {2}eventual /);
    });
    const replayHelp = helps[verbs.length - 1]!.stdout;
    expect(replayHelp).toContain("exits 1 naming the first difference");
  });

  it("exits 2 with a one-line reason for an unknown option, command or missing argument", async ({
    expect,
  }) => {
    const [option, command, argument, noVerb, badPort, badStatus] = await Promise.all([
      runCli(["list", "executions", "--bogus"]),
      runCli(["stop"]),
      runCli(["get", "execution"]),
      runCli(["get"]),
      runCli(["dev", "--port", "http"]),
      runCli(["list", "executions", "--status", "LOST"]),
    ]);
    expect(option).toMatchObject({ code: 2, stdout: "" });
    expect(option.stderr).toBe(
      "eventual: unknown option '--bogus'\n(see: eventual list executions --help)\n",
    );
    expect(command.code).toBe(2);
    expect(command.stderr).toMatch(/^eventual: unknown command 'stop'\n/);
    expect(argument.code).toBe(2);
    expect(argument.stderr).toBe(
      "eventual: missing the execution: give its id as an argument or as --execution <id>.\n",
    );
    expect(noVerb.code).toBe(2);
    expect(noVerb.stderr).toContain("Usage: eventual get|show [options] [command]");
    expect(badPort.code).toBe(2);
    expect(badPort.stderr).toMatch(/^eventual: .*"http" is not a port number/);
    expect(badStatus.code).toBe(2);
    expect(badStatus.stderr).toMatch(/^eventual: .*"LOST" is not a status/);
  });

  it("exits 1 with one line and no stack trace when --url cannot be reached", async ({
    expect,
  }) => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const [read, write] = await Promise.all([
      runCli(["get", "service", "--url", url]),
      runCli(["start", "workflow", "hello", "--url", url, "--json"]),
    ]);
    for (const result of [read, write]) {
      expect(result).toEqual({
        code: 1,
        stdout: "",
        stderr: `eventual: Cannot reach ${url}: ECONNREFUSED; is the service running? start it with eventual dev\n`,
      });
    }
  });

  it("exits quietly when whoever reads its output has gone (eventual --help | head -3)", async ({
    expect,
  }) => {
    const child = spawn(process.execPath, [cliBin, "--help"], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, NO_COLOR: "1" },
    });
    // Closed before it writes: its first write meets a pipe with no reader (EPIPE).
    child.stdout.destroy();
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const [code] = await once(child, "close");
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
  });

  it("exits 2 for a --url that is not a URL, before any request", async ({ expect }) => {
    const result = await runCli(["list", "workflows", "--url", "localhost"]);
    expect(result).toMatchObject({ code: 2, stdout: "" });
    expect(result.stderr).toBe(
      'eventual: --url "localhost" is not a URL (e.g. http://localhost:3111).\n',
    );
  });

  it("sends the API key from --api-key or EVENTUAL_API_KEY, to EVENTUAL_URL", async ({
    expect,
  }) => {
    const seen: IncomingHttpHeaders[] = [];
    const server = createServer((request, response) => {
      seen.push(request.headers);
      const refused = request.headers.authorization !== "Bearer right";
      response.writeHead(refused ? 401 : 200, { "content-type": "application/json" });
      response.end(
        JSON.stringify(
          refused
            ? { error: { code: "unauthorized", message: "The API key is wrong." } }
            : { workflows: [{ name: "w" }] },
        ),
      );
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    const { port } = server.address() as { port: number };
    const env = { EVENTUAL_URL: `http://127.0.0.1:${port}` };
    try {
      const [fromEnv, fromFlag, wrong] = await Promise.all([
        runCli(["list", "workflows", "--json"], { env: { ...env, EVENTUAL_API_KEY: "right" } }),
        runCli(["list", "workflows", "--api-key", "right", "--json"], { env }),
        runCli(["list", "workflows", "--api-key", "wrong"], { env }),
      ]);
      expect(JSON.parse(fromEnv.stdout)).toEqual({ workflows: [{ name: "w" }] });
      expect(JSON.parse(fromFlag.stdout)).toEqual({ workflows: [{ name: "w" }] });
      expect(wrong).toEqual({ code: 1, stdout: "", stderr: "eventual: The API key is wrong.\n" });
      expect(seen.map((headers) => headers.authorization).sort()).toEqual([
        "Bearer right",
        "Bearer right",
        "Bearer wrong",
      ]);
    } finally {
      server.close();
    }
  });

  it("colours its errors only on a terminal or when FORCE_COLOR asks", async ({ expect }) => {
    const plain = { NO_COLOR: undefined, FORCE_COLOR: undefined, CI: "true" };
    const [piped, forced] = await Promise.all([
      runCli(["get", "execution"], { env: plain }),
      runCli(["get", "execution"], { env: { ...plain, FORCE_COLOR: "1" } }),
    ]);
    expect(piped).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "eventual: missing the execution: give its id as an argument or as --execution <id>.\n",
    });
    expect(forced.stderr).toContain("\x1b[31meventual: missing the execution");
  });
});
