import { spawn } from "node:child_process";
import { lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EventualProcess } from "../packages/cli/test/support/dev-server.js";
import { freePort, runEventual } from "../packages/cli/test/support/dev-server.js";
import { call } from "../packages/cli/test/support/http.js";
import { waitUntil } from "../packages/cli/test/support/wait-until.js";

/**
 * Eventual as a team gets it from npm: every package packed, a project made by create-eventual
 * from its tarball in a folder outside the repository, installed from the tarballs alone.
 */
const repo = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
const work = mkdtempSync(join(tmpdir(), "eventual-installed-"));
const tarballs = join(work, "tarballs");
const project = join(work, "my-service");

/** The outer `npm test`'s settings and vitest's markers would leak into the project's own runs. */
const cleanEnv = Object.fromEntries(
  Object.entries(process.env).filter(
    ([name]) => !/^(npm_|VITEST|NODE_ENV$|INIT_CWD$|FORCE_COLOR$)/i.test(name),
  ),
);

interface Run {
  code: number | null;
  output: string;
}

/** Runs a command to its end; fails the test with its output unless it exits 0 (or `expectCode`). */
function run(
  command: string,
  args: string[],
  cwd: string,
  expectCode: number | null = 0,
): Promise<Run> {
  const child = spawn(command, args, { cwd, env: { ...cleanEnv, NO_COLOR: "1" } });
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => {
      if (expectCode !== null && code !== expectCode) {
        reject(new Error(`${command} ${args.join(" ")} exited ${code}:\n${output}`));
      } else resolve({ code, output });
    });
  });
}

const tarball = (name: string) =>
  join(tarballs, readdirSync(tarballs).find((file) => file.startsWith(`${name}-`))!);

/** Points every @eventual dependency, direct or not, at its tarball, as a registry would serve it. */
function installFromTarballs(): void {
  const file = join(project, "package.json");
  const manifest = JSON.parse(readFileSync(file, "utf8"));
  const local: Record<string, string> = {};
  for (const name of readdirSync(tarballs)) {
    const packageName = name
      .replace(/-\d+\.\d+\.\d+.*\.tgz$/, "")
      .replace(/^eventual-/, "@eventual/");
    local[packageName] = `file:${join(tarballs, name)}`;
  }
  for (const group of ["dependencies", "devDependencies"]) {
    for (const name of Object.keys(manifest[group])) {
      if (local[name]) manifest[group][name] = local[name];
    }
  }
  manifest.overrides = local;
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
}

describe("a project made by npm create eventual, installed from the packed tarballs", () => {
  beforeAll(async () => {
    await run("npm", ["run", "pack", "--", "--out", tarballs], repo);
    await run(
      "npm",
      [
        "exec",
        "--yes",
        `--package=${tarball("create-eventual")}`,
        "--",
        "create-eventual",
        "my-service",
        "--skip-install",
      ],
      work,
    );
    installFromTarballs();
    const started = Date.now();
    await run("npm", ["install", "--no-audit", "--no-fund"], project);
    console.log(
      `npm install of the scaffolded project: ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  }, 20 * 60_000);

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("is made from every published package's tarball, and from none of a private one", () => {
    const packed = readdirSync(tarballs).map((file) => file.replace(/-\d+\.\d+\.\d+.*\.tgz$/, ""));
    expect(packed.sort()).toEqual([
      "create-eventual",
      "eventual-aws-cdk",
      "eventual-cli",
      "eventual-client",
      "eventual-core",
      "eventual-engine",
      "eventual-server",
      "eventual-store-postgres",
      "eventual-store-sql",
      "eventual-store-sqlite",
      "eventual-testing",
      "eventual-ui",
    ]);
  });

  it("holds the tarballs' contents only: no link into the repository, no path of it", () => {
    const installed = readdirSync(join(project, "node_modules/@eventual"));
    expect(installed.sort()).toEqual([
      "cli",
      "client",
      "core",
      "engine",
      "server",
      "store-sql",
      "store-sqlite",
      "testing",
      "ui",
    ]);
    for (const name of installed) {
      const dir = join(project, "node_modules/@eventual", name);
      expect(lstatSync(dir).isSymbolicLink(), name).toBe(false);
      const packed = JSON.parse(readFileSync(join(repo, "packages", name, "package.json"), "utf8"));
      expect(JSON.parse(readFileSync(join(dir, "package.json"), "utf8"))).toEqual(packed);
      expect(readdirSync(dir).sort(), name).not.toContain("src");
    }
    const lock = readFileSync(join(project, "package-lock.json"), "utf8");
    expect(lock).not.toContain(repo);
    expect(lock).not.toContain("node_modules/@eventual/store-postgres");
  });

  it(
    "type-checks and passes its own tests",
    async () => {
      await run("npm", ["run", "typecheck"], project);
      const tests = await run("npm", ["test"], project);
      expect(tests.output).toMatch(/Tests\s+\d+ passed/);
    },
    5 * 60_000,
  );

  it.each([
    ["node16", "node16"],
    ["nodenext", "nodenext"],
    ["esnext", "bundler"],
  ])(
    "type-checks with module %s and moduleResolution %s",
    async (module, moduleResolution) => {
      const tsc = join(project, "node_modules/typescript/bin/tsc");
      await run(
        "node",
        [tsc, "--noEmit", "--module", module, "--moduleResolution", moduleResolution],
        project,
      );
    },
    5 * 60_000,
  );

  it("imports @eventual/core from plain Node", async () => {
    const script =
      "const core = await import('@eventual/core'); console.log(typeof core.workflow);";
    const { output } = await run("node", ["--input-type=module", "-e", script], project);
    expect(output.trim()).toBe("function");
  });

  it("answers eventual --help, naming every verb", async () => {
    const { output } = await run("npx", ["eventual", "--help"], project);
    for (const verb of ["dev", "serve", "start", "list", "get", "send", "publish", "replay"]) {
      expect(output).toContain(`  ${verb}`);
    }
  });

  it("names the store package to install when eventual serve needs one that is not there", async () => {
    const serve = await run(
      "npx",
      ["eventual", "serve", "--db", "postgres://eventual@127.0.0.1:9/eventual", "--no-http"],
      project,
      2,
    );
    expect(serve.output.trim()).toBe(
      "eventual: Running on PostgreSQL needs the package @eventual/store-postgres: npm install @eventual/store-postgres",
    );
  });

  describe("under eventual dev", () => {
    let dev: EventualProcess | undefined;
    afterAll(() => dev?.stop());

    it(
      "serves the scaffolded route and runs its workflow to completion over HTTP",
      async () => {
        const port = await freePort();
        const bin = join(project, "node_modules/@eventual/cli/bin/eventual.js");
        const started = runEventual(["dev", "--port", String(port), "--data", join(work, "data")], {
          cwd: project,
          bin,
        });
        const url = `http://127.0.0.1:${port}`;
        await started.waitForOutput(url, 60_000);
        dev = { ...started, url };

        const greeted = await call(url, "POST", "/greet/Ada");
        expect(greeted.status).toBe(202);
        const { executionId } = greeted.body as { executionId: string };
        const waved = await call(url, "POST", `/_eventual/executions/${executionId}/signals`, {
          signal: "wave",
        });
        expect(waved.status).toBe(202);

        let execution: any;
        await waitUntil(async () => {
          execution = (await call(url, "GET", `/_eventual/executions/${executionId}`)).body;
          return execution.status !== "IN_PROGRESS";
        }, 60_000);
        expect(execution).toMatchObject({
          status: "SUCCEEDED",
          result: { greeting: "Hello, Ada!", waves: 1 },
        });
        await started.waitForOutput("Hello, Ada! (waved at 1 time)");
      },
      3 * 60_000,
    );

    it("serves the dashboard built into the @eventual/ui tarball", async () => {
      if (!dev) throw new Error("eventual dev did not start");
      await dev.waitForOutput(`dashboard     ${dev.url}/_eventual/ui/`);
      const page = await fetch(`${dev.url}/_eventual/ui/executions/anything`);
      expect(page.status).toBe(200);
      const html = await page.text();
      const script = html.match(/src="(\/_eventual\/ui\/assets\/[^"]+\.js)"/)?.[1];
      expect(script, html).toBeDefined();
      const asset = await fetch(`${dev.url}${script}`);
      expect(asset.status).toBe(200);
      expect(asset.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
      expect((await asset.text()).length).toBeGreaterThan(10_000);
    });
  });
});
