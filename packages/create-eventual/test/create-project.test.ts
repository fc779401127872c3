import { spawnSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { CreateProjectOptions } from "../src/create-project.js";
import { createProject } from "../src/create-project.js";
import { parseCommand } from "../src/parse-command.js";

const packageRoot = fileURLToPath(new URL("..", import.meta.url));
const bin = join(packageRoot, "bin", "create-eventual.js");
const { version } = JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")) as {
  version: string;
};

let scratch: string;
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), "create-eventual-"));
});
afterEach(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/** Creates a project in the scratch directory without installing, and returns what it logged. */
async function create(directory: string, options: Partial<CreateProjectOptions> = {}) {
  const lines: string[] = [];
  const project = await createProject({
    directory,
    packageManager: "npm",
    install: false,
    cwd: scratch,
    log: (line) => lines.push(line),
    ...options,
  });
  return { project, lines };
}

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
}

describe("createProject", () => {
  it("writes package.json and the template's files, with gitignore renamed to .gitignore", async () => {
    const { project } = await create("my-service");

    expect(project.name).toBe("my-service");
    expect(project.root).toBe(join(scratch, "my-service"));
    expect([...project.files].sort()).toEqual([
      ".gitignore",
      "README.md",
      "package.json",
      "src/index.test.ts",
      "src/index.ts",
      "tsconfig.json",
    ]);
    for (const file of project.files) expect(existsSync(join(project.root, file))).toBe(true);
    expect(existsSync(join(project.root, "gitignore"))).toBe(false);
    expect(readFileSync(join(project.root, ".gitignore"), "utf8")).toContain("node_modules");
  });

  it("pins every Eventual package at ^ its own version and names the package after the directory", async () => {
    const { project } = await create("greeter");

    expect(readJson(join(project.root, "package.json"))).toEqual({
      name: "greeter",
      private: true,
      version: "0.0.0",
      type: "module",
      engines: { node: ">=20" },
      scripts: { dev: "eventual dev", test: "vitest run", typecheck: "tsc --noEmit" },
      dependencies: { "@eventual/cli": `^${version}`, "@eventual/core": `^${version}` },
      devDependencies: {
        "@eventual/store-sqlite": `^${version}`,
        "@eventual/testing": `^${version}`,
        "@types/node": "^20.19.43",
        typescript: "^5.9.3",
        vitest: "^4.1.12",
      },
      allowScripts: { "better-sqlite3": true, esbuild: true },
    });
  });

  it("names the project in its README", async () => {
    const { project } = await create("greeter");

    const readme = readFileSync(join(project.root, "README.md"), "utf8");
    expect(readme.split("\n")[0]).toBe("# greeter");
    expect(readme).not.toContain("{{name}}");
  });

  it("copies the service and its test unchanged from the template", async () => {
    const { project } = await create("greeter");

    for (const file of ["src/index.ts", "src/index.test.ts", "tsconfig.json"]) {
      expect(readFileSync(join(project.root, file), "utf8")).toBe(
        readFileSync(join(packageRoot, "template", file), "utf8"),
      );
    }
  });

  it("shows the next steps: into the directory, install, develop, test and call the route", async () => {
    const { lines } = await create("my-service", { packageManager: "pnpm" });

    const steps = lines.slice(lines.indexOf("Next steps:") + 1).map((line) => line.trim());
    expect(steps[0]).toBe("cd my-service");
    expect(steps[1]).toBe("pnpm install");
    expect(steps[2]).toMatch(/^pnpm run dev\b/);
    expect(steps[3]).toBe("pnpm test");
    expect(steps[4]).toMatch(/^curl -X POST http:\/\/localhost:3111\/greet\/world\b/);
  });

  it("accepts an existing empty directory, and . when the current directory is empty", async () => {
    mkdirSync(join(scratch, "empty"));
    await create("empty");
    expect(readJson(join(scratch, "empty", "package.json")).name).toBe("empty");

    const here = join(scratch, "here");
    mkdirSync(here);
    const { project, lines } = await create(".", { cwd: here });
    expect(project).toMatchObject({ root: here, name: "here" });
    expect(lines.some((line) => line.trim().startsWith("cd "))).toBe(false);
  });

  it("refuses a directory that is not empty, and changes nothing in it", async () => {
    const taken = join(scratch, "taken");
    mkdirSync(taken);
    writeFileSync(join(taken, "notes.txt"), "mine");

    await expect(create("taken")).rejects.toMatchObject({
      exitCode: 1,
      message: 'The directory "taken" is not empty; choose an empty or new directory.',
    });
    expect(readdirSync(taken)).toEqual(["notes.txt"]);
    expect(readFileSync(join(taken, "notes.txt"), "utf8")).toBe("mine");
  });

  it.each([
    ["My-Service", "it contains uppercase letters"],
    ["my service", "it contains spaces"],
    [".hidden", 'it starts with "." or "_"'],
    ["caf\u00e9", 'it may hold only lowercase letters, digits, "-", "." and "_"'],
    ["fs", "it is the name of a Node.js built-in module"],
    ["vitest", "the project depends on a package of that name"],
  ])(
    "refuses the directory name %j as a package name, and writes nothing",
    async (name, reason) => {
      await expect(create(name)).rejects.toMatchObject({
        exitCode: 2,
        message: `"${name}" cannot be the project's package name, which is its directory's name: ${reason}.`,
      });
      expect(readdirSync(scratch)).toEqual([]);
    },
  );
});

describe("parseCommand", () => {
  it("installs with the package manager that runs it, else with npm", () => {
    expect(parseCommand(["app"], "pnpm/9.12.0 npm/? node/v20.19.0 linux x64")).toMatchObject({
      packageManager: "pnpm",
      install: true,
    });
    expect(parseCommand(["app"], "bun/1.2.0 npm/? node/v22.0.0")).toMatchObject({
      packageManager: "bun",
    });
    expect(parseCommand(["app"], "deno/2.0.0")).toMatchObject({ packageManager: "npm" });
    expect(parseCommand(["app"], undefined)).toMatchObject({ packageManager: "npm" });
  });

  it("takes --pm over the running package manager, and --no-install as --skip-install", () => {
    expect(parseCommand(["app", "--pm", "yarn"], "pnpm/9.12.0")).toEqual({
      kind: "create",
      directory: "app",
      packageManager: "yarn",
      install: true,
    });
    expect(parseCommand(["--no-install", "app"], undefined)).toMatchObject({ install: false });
    expect(parseCommand(["--skip-install"], undefined)).toEqual({
      kind: "create",
      directory: undefined,
      packageManager: "npm",
      install: false,
    });
  });

  it("refuses an unknown --pm, a missing one and a second directory with exit code 2", () => {
    expect(() => parseCommand(["app", "--pm", "pip"], undefined)).toThrow(
      expect.objectContaining({ exitCode: 2, message: expect.stringContaining('"pip"') }),
    );
    expect(() => parseCommand(["app", "--pm"], undefined)).toThrow(
      expect.objectContaining({ exitCode: 2, message: expect.stringContaining("--pm") }),
    );
    expect(() => parseCommand(["a", "b"], undefined)).toThrow(
      expect.objectContaining({ exitCode: 2, message: expect.stringContaining("a, b") }),
    );
  });
});

describe("the create-eventual command", () => {
  beforeAll(() => {
    // The bin runs dist/, which the test run's global setup builds.
    if (!existsSync(join(packageRoot, "dist", "main.js"))) {
      throw new Error(
        "dist/main.js is missing: npx tsc -b packages/create-eventual/tsconfig.build.json",
      );
    }
  });

  /** Runs the real bin in the scratch directory, with no terminal on standard input. */
  function run(args: string[], env: NodeJS.ProcessEnv = {}) {
    const { npm_config_user_agent: _runner, ...inherited } = process.env;
    const result = spawnSync(process.execPath, [bin, ...args], {
      cwd: scratch,
      env: { ...inherited, ...env },
      input: "",
      encoding: "utf8",
    });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  it("prints its usage for --help and exits 0", () => {
    const { code, stdout, stderr } = run(["--help"]);

    expect(code).toBe(0);
    expect(stdout).toContain("--skip-install");
    expect(stdout).toContain("npm create eventual@latest my-service");
    expect(stderr).toBe("");
  });

  it("exits 2 with one line naming an unknown option", () => {
    const { code, stdout, stderr } = run(["my-service", "--frobnicate"]);

    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe(
      "create-eventual: Unknown option --frobnicate (see create-eventual --help).\n",
    );
    expect(readdirSync(scratch)).toEqual([]);
  });

  it("exits 2 with one line asking for the directory when none is given and no terminal can answer", () => {
    const { code, stderr } = run(["--skip-install"]);

    expect(code).toBe(2);
    expect(stderr.trimEnd().split("\n")).toEqual([
      "create-eventual: No directory given; pass one, as in: npm create eventual@latest my-service",
    ]);
  });

  it("creates the project with --skip-install and prints the next steps", () => {
    const { code, stdout, stderr } = run(["my-service", "--skip-install"], {
      npm_config_user_agent: "yarn/1.22.22 npm/? node/v20.19.0 linux x64",
    });

    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(readJson(join(scratch, "my-service", "package.json")).name).toBe("my-service");
    expect(stdout).toContain(`Created my-service in ${join(scratch, "my-service")}.`);
    expect(stdout).toContain("  cd my-service\n  yarn install\n  yarn run dev");
  });

  describe.skipIf(process.platform === "win32")("with a stand-in npm on the PATH", () => {
    /** Puts an `npm` on the PATH that records its arguments and exits with `exitCode`. */
    function fakeNpm(exitCode: number): NodeJS.ProcessEnv {
      const tools = join(scratch, "tools");
      mkdirSync(tools);
      const npm = join(tools, "npm");
      writeFileSync(npm, `#!/bin/sh\necho "$@" > npm-was-run.txt\nexit ${exitCode}\n`);
      chmodSync(npm, 0o755);
      return { PATH: `${tools}${delimiter}${process.env.PATH ?? ""}` };
    }

    it("runs npm install in the new project", () => {
      const { code, stdout } = run(["my-service"], fakeNpm(0));

      expect(code).toBe(0);
      expect(readFileSync(join(scratch, "my-service", "npm-was-run.txt"), "utf8")).toBe(
        "install\n",
      );
      expect(stdout).not.toContain("  npm install");
      expect(stdout).toContain("  npm run dev");
    });

    it("exits 1 with one line when the install fails, and keeps the files", () => {
      const { code, stderr } = run(["my-service"], fakeNpm(7));

      expect(code).toBe(1);
      expect(stderr).toBe(
        `create-eventual: npm install failed in ${join(scratch, "my-service")}: it exited with code 7.\n`,
      );
      expect(existsSync(join(scratch, "my-service", "src", "index.ts"))).toBe(true);
    });
  });
});
