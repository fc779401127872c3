import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll } from "vitest";
import type { EventualProcess } from "./dev-server.js";
import { startDev } from "./dev-server.js";
import { call } from "./http.js";
import { describeProcessGroup } from "./stuck-process.js";

/** The `eventual` binary of this repository. */
export const cliBin = fileURLToPath(new URL("../../bin/eventual.js", import.meta.url));

/** The CLI tests' service: the durable fixture plus a workflow that fails. */
export const cliServiceDir = fileURLToPath(new URL("../fixtures/cli-service/", import.meta.url));

/** What a finished `eventual` run printed, and how it exited. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * How many `eventual` runs of one test file may be alive at once: the files' tests run
 * concurrently, and a busy two-core machine that starts twenty processes together starves them all.
 */
const maxRunsAtOnce = 2;
let runsAlive = 0;
const runsWaiting: (() => void)[] = [];

/** How to run `eventual`: where, with what environment, and what it reads on standard input. */
export interface RunOptions {
  cwd?: string;
  env?: Record<string, string | undefined>;
  /** Written to its standard input, which is then closed; without it, there is none. */
  input?: string;
  /**
   * How long the run may take before it counts as hung (default 45 s, under the tests' 60 s
   * timeout): a run that takes seconds on a slow day and is still alive then will not end.
   */
  hangMs?: number;
}

/**
 * Runs the real `eventual` binary to its end. Colour is off (NO_COLOR) unless `env` says
 * otherwise; an `undefined` in `env` removes that variable.
 */
export async function runCli(args: string[], options: RunOptions = {}): Promise<CliResult> {
  while (runsAlive >= maxRunsAtOnce) await new Promise<void>((turn) => runsWaiting.push(turn));
  runsAlive++;
  try {
    return await spawnCli(args, options);
  } catch (error) {
    if (!(error instanceof HungRun)) throw error;
    // An `eventual check` once never ended in CI, and did not again in 700 runs here: say what
    // a hung run was doing, and run it again, once; a second hang fails the test.
    console.warn(error.message);
    return await spawnCli(args, options);
  } finally {
    runsAlive--;
    runsWaiting.shift()?.();
  }
}

/** A run still alive at its deadline, with what its processes were doing. */
class HungRun extends Error {}

function spawnCli(args: string[], options: RunOptions): Promise<CliResult> {
  const env: Record<string, string | undefined> = { ...process.env, FORCE_COLOR: undefined };
  // SIGUSR2 makes an idle process print a diagnostic report: its stack and what holds it open.
  const report = "--report-on-signal --report-filename=stderr";
  const nodeOptions = [env.NODE_OPTIONS, report].filter(Boolean).join(" ");
  Object.assign(env, { NO_COLOR: "1", NODE_OPTIONS: nodeOptions }, options.env);
  const child = spawn(process.execPath, [cliBin, ...args], {
    cwd: options.cwd ?? cliServiceDir,
    env,
    detached: true,
    stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
  });
  child.stdin?.end(options.input);
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    const hangMs = options.hangMs ?? 45_000;
    const deadline = setTimeout(async () => {
      const threads = describeProcessGroup(child.pid!);
      child.kill("SIGUSR2");
      await sleep(5_000);
      killGroup(child.pid!);
      const run = `eventual ${args.join(" ")}`;
      const output = `${stdout}\n${stderr}`;
      reject(
        new HungRun(`${run} still ran after ${hangMs} ms.\n${threads}\nIts output:\n${output}`),
      );
    }, hangMs);
    child.once("error", (error) => {
      clearTimeout(deadline);
      reject(error);
    });
    child.once("close", (code) => {
      clearTimeout(deadline);
      resolve({ code, stdout, stderr });
    });
  });
}

/** SIGKILL to every process of the group `pgid`, if any is left. */
function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, "SIGKILL");
  } catch {
    // The group has ended.
  }
}

/** Parses a run's standard output as the one JSON document `--json` prints. */
export function jsonOf(result: CliResult): any {
  return JSON.parse(result.stdout);
}

/** The CLI tests' service as a `describe` block sees it (`useCliService`). */
export interface CliService {
  readonly url: string;
  /** Runs `eventual` against the service, as `EVENTUAL_URL` names it. */
  cli(...args: string[]): Promise<CliResult>;
  /** Runs `eventual` against the service with more options: standard input, environment. */
  cliWith(options: RunOptions, ...args: string[]): Promise<CliResult>;
  /** Calls the service's HTTP API. */
  api(method: string, path: string, body?: unknown): ReturnType<typeof call>;
  /** What `eventual dev` has printed so far, and a wait for more. */
  readonly dev: Pick<EventualProcess, "output" | "waitForOutput">;
}

/**
 * A real `eventual dev` of the CLI tests' service for the enclosing `describe`, its data in a
 * folder of its own: started before the block's own `beforeAll`, stopped after its tests.
 */
export function useCliService(): CliService {
  let dev: EventualProcess | undefined;
  const data = mkdtempSync(join(tmpdir(), "eventual-cli-test-"));
  beforeAll(async () => {
    dev = await startDev({ entry: "index.ts", cwd: cliServiceDir, data });
  });
  afterAll(async () => {
    await dev?.stop();
    rmSync(data, { recursive: true, force: true });
  });
  const running = () => {
    if (!dev) throw new Error("The CLI tests' service is used before it started.");
    return dev;
  };
  const url = () => running().url;
  return {
    get url() {
      return url();
    },
    cli: (...args) => runCli(args, { env: { EVENTUAL_URL: url() } }),
    cliWith: (options, ...args) =>
      runCli(args, { ...options, env: { EVENTUAL_URL: url(), ...options.env } }),
    api: (method, path, body) => call(url(), method, path, body),
    dev: {
      output: () => running().output(),
      waitForOutput: (text, ms) => running().waitForOutput(text, ms),
    },
  };
}
