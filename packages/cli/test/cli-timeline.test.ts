import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, it } from "vitest";
import { jsonOf, useCliService } from "./support/run-cli.js";
import { waitUntil } from "./support/wait-until.js";

describe.concurrent("eventual get timeline", () => {
  const service = useCliService();
  const { cli, cliWith, api } = service;
  const page = (id: string) => `${service.url}/_eventual/ui/executions/${id}`;

  beforeAll(async () => {
    await api("POST", "/_eventual/workflows/hello/executions?wait=10", {
      input: "t",
      executionName: "t1",
    });
  });

  it("prints the address of the execution's page in the dashboard", async ({ expect }) => {
    const [byArgument, byOption, json, slashed] = await Promise.all([
      cli("get", "timeline", "hello~t1"),
      cli("show", "timeline", "--execution", "hello~t1"),
      cli("get", "timeline", "hello~t1", "--json"),
      // A service URL given with a trailing slash makes no double slash.
      cliWith({ env: { EVENTUAL_URL: `${service.url}/` } }, "get", "timeline", "hello~t1"),
    ]);
    for (const result of [byArgument, byOption, slashed]) {
      expect(result).toEqual({ code: 0, stdout: `${page("hello~t1")}\n`, stderr: "" });
    }
    expect(jsonOf(json)).toEqual({ url: page("hello~t1") });
  });

  it("exits 1 with the API's message for an unknown execution, printing no address", async ({
    expect,
  }) => {
    const results = await Promise.all([
      cli("get", "timeline", "x~y"),
      cli("get", "timeline", "x~y", "--json"),
    ]);
    for (const result of results) {
      expect(result).toEqual({
        code: 1,
        stdout: "",
        stderr: 'eventual: Execution "x~y" does not exist.\n',
      });
    }
  });

  it("exits 2 without an execution", async ({ expect }) => {
    expect(await cli("get", "timeline")).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "eventual: missing the execution: give its id as an argument or as --execution <id>.\n",
    });
  });

  describe("--open", () => {
    const bin = mkdtempSync(join(tmpdir(), "eventual-open-"));
    const record = join(bin, "opened.txt");
    afterAll(() => rmSync(bin, { recursive: true, force: true }));

    // The `open` package runs the xdg-open script it ships (or, without it, the system's); that
    // script, outside a desktop session, runs $BROWSER. Both are a script that records its URL.
    const recorder = `#!/bin/sh\nprintf '%s\\n' "$1" >> '${record}'\n`;
    for (const name of ["xdg-open", "browser"]) {
      writeFileSync(join(bin, name), recorder);
      chmodSync(join(bin, name), 0o755);
    }
    const noDesktop = Object.fromEntries(
      [
        "DISPLAY",
        "WAYLAND_DISPLAY",
        "XDG_CURRENT_DESKTOP",
        "XDG_RUNTIME_DIR",
        "DESKTOP",
        "DESKTOP_SESSION",
        "KDE_FULL_SESSION",
        "GNOME_DESKTOP_SESSION_ID",
        "MATE_DESKTOP_SESSION_ID",
        "LXQT_SESSION_CONFIG",
        "DBUS_SESSION_BUS_ADDRESS",
      ].map((name) => [name, undefined]),
    );

    it.skipIf(process.platform !== "linux")(
      "hands the address to the browser, and prints it",
      async ({ expect }) => {
        const env = {
          ...noDesktop,
          PATH: `${bin}:${process.env.PATH}`,
          BROWSER: join(bin, "browser"),
        };
        const result = await cliWith({ env }, "get", "timeline", "hello~t1", "--open");
        expect(result).toEqual({ code: 0, stdout: `${page("hello~t1")}\n`, stderr: "" });
        // The browser is started detached: it records the address after the command has exited.
        await waitUntil(() => existsSync(record) && readFileSync(record, "utf8").length > 0);
        expect(readFileSync(record, "utf8")).toBe(`${page("hello~t1")}\n`);
      },
    );

    it("opens nothing for an unknown execution", async ({ expect }) => {
      const env = {
        ...noDesktop,
        PATH: `${bin}:${process.env.PATH}`,
        BROWSER: join(bin, "browser"),
      };
      const result = await cliWith({ env }, "get", "timeline", "x~y", "--open");
      expect(result).toEqual({
        code: 1,
        stdout: "",
        stderr: 'eventual: Execution "x~y" does not exist.\n',
      });
    });
  });
});
