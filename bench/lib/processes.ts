import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** What a server child (bench/host.ts, bench/raw-server.ts) sends once it listens. */
export interface ReadyMessage {
  type: "ready";
  url: string;
  pid: number;
}

/** A server child process that listens on loopback. */
export interface ServerProcess {
  readonly url: string;
  readonly pid: number;
  /** Its resident memory now, in MB (VmRSS). */
  rssMb(): number;
  /**
   * Asks it to run a full garbage collection (bench/host.ts, started with `--expose-gc`), so
   * memory held can be told from garbage not yet collected.
   */
  collectGarbage(): Promise<void>;
  /** Asks it to stop (SIGTERM), and kills it if it has not after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

const readyTimeoutMs = 60_000;

/**
 * Starts `bench/<script>` in its own Node process (TypeScript through tsx, as `eventual dev`
 * runs a service) and resolves once it reports that it listens.
 */
export async function startServer(
  script: string,
  args: string[] = [],
  nodeFlags: string[] = [],
): Promise<ServerProcess> {
  const child = spawnScript(script, args, ["ignore", "inherit", "inherit", "ipc"], nodeFlags);
  const ready = await waitForReady(child, script);
  if (ready.pid !== child.pid)
    throw new Error(`${script} reported pid ${ready.pid}, not ${child.pid}.`);
  return {
    url: ready.url,
    pid: ready.pid,
    rssMb: () => residentMb(ready.pid),
    collectGarbage: () => collectGarbage(child),
    stop: (graceMs = 30_000) => stopChild(child, graceMs),
  };
}

/** Runs `bench/<script>` to its end and parses the JSON it prints last on stdout. */
export async function runForJson<T>(script: string, args: string[] = []): Promise<T> {
  const child = spawnScript(script, args, ["ignore", "pipe", "inherit"]);
  let stdout = "";
  child.stdout!.setEncoding("utf8").on("data", (text: string) => {
    stdout += text;
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", resolve);
  });
  const lastLine = stdout.trim().split("\n").at(-1);
  if (code !== 0 || !lastLine)
    throw new Error(`${script} exited with ${code}: ${stdout.slice(-300)}`);
  return JSON.parse(lastLine) as T;
}

/** The resident set of process `pid` in MB, from /proc (Linux). */
export function residentMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
  if (kb === undefined) throw new Error(`No VmRSS for process ${pid}.`);
  return Number(kb) / 1024;
}

function spawnScript(
  script: string,
  args: string[],
  stdio: ("ignore" | "inherit" | "pipe" | "ipc")[],
  nodeFlags: string[] = [],
): ChildProcess {
  const path = fileURLToPath(new URL(`../${script}`, import.meta.url));
  return spawn(process.execPath, [...nodeFlags, "--import", "tsx", path, ...args], { stdio });
}

function collectGarbage(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off("message", onMessage);
      reject(new Error("The host did not answer a garbage collection request within 30 s."));
    }, 30_000);
    const onMessage = (message: { type?: string }) => {
      if (message?.type !== "collected") return;
      clearTimeout(timer);
      child.off("message", onMessage);
      resolve();
    };
    child.on("message", onMessage);
    child.send({ type: "collect" });
  });
}

function waitForReady(child: ChildProcess, script: string): Promise<ReadyMessage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${script} did not report ready within ${readyTimeoutMs / 1000} s.`));
    }, readyTimeoutMs);
    const settle = () => {
      clearTimeout(timer);
      child.off("exit", onExit);
      child.off("message", onMessage);
    };
    const onExit = (code: number | null, signal: string | null) => {
      settle();
      reject(new Error(`${script} exited (${signal ?? code}) before it was ready.`));
    };
    const onMessage = (message: ReadyMessage) => {
      if (message?.type !== "ready") return;
      settle();
      resolve(message);
    };
    child.on("exit", onExit);
    child.on("message", onMessage);
  });
}

async function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}
