import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { EventualProcess } from "./dev-server.js";
import { startDev } from "./dev-server.js";

const cliBin = fileURLToPath(new URL("../../bin/eventual.js", import.meta.url));

/** The CLI tests' service: the durable fixture plus a workflow that fails. */
export const cliServiceDir = fileURLToPath(new URL("../fixtures/cli-service/", import.meta.url));

/** What a finished `eventual` run printed, and how it exited. */
export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real `eventual` binary to its end. Colour is off (NO_COLOR) unless `env` says
 * otherwise; an `undefined` in `env` removes that variable.
 */
export function runCli(
  args: string[],
  options: { cwd?: string; env?: Record<string, string | undefined> } = {},
): Promise<CliResult> {
  const env: Record<string, string | undefined> = { ...process.env, FORCE_COLOR: undefined };
  Object.assign(env, { NO_COLOR: "1" }, options.env);
  const child = spawn(process.execPath, [cliBin, ...args], {
    cwd: options.cwd ?? cliServiceDir,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Parses a run's standard output as the one JSON document `--json` prints. */
export function jsonOf(result: CliResult): any {
  return JSON.parse(result.stdout);
}

/** A real `eventual dev` of the CLI tests' service, its data in a folder of its own. */
export async function startCliService(): Promise<{ dev: EventualProcess; stop(): Promise<void> }> {
  const data = mkdtempSync(join(tmpdir(), "eventual-cli-test-"));
  const dev = await startDev({ entry: "index.ts", cwd: cliServiceDir, data });
  return {
    dev,
    stop: async () => {
      await dev.stop();
      rmSync(data, { recursive: true, force: true });
    },
  };
}
