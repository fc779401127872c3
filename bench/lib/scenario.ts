import { cpuMs, processTree } from "./cpu.js";
import { HttpClient } from "./http-client.js";
import type { ServerProcess } from "./processes.js";
import { startServer } from "./processes.js";
import type { StoreChoice } from "./stores.js";

/** A scenario's figures: every one a number (NaN when nothing was measured). */
export type Figures = Record<string, number>;

/** What every scenario is given. */
export interface ScenarioContext {
  /** `--quick`: shorter windows and fewer executions, for a run under two minutes. */
  quick: boolean;
  store: StoreChoice;
  /** `--profile <dir>`: each engine process writes a V8 CPU profile there when it exits. */
  profileDir?: string;
}

/** One benchmark scenario: its key in the results and how to measure it. */
export interface Scenario {
  key: string;
  /** One line on what it measures, for the report. */
  what: string;
  run(context: ScenarioContext): Promise<Figures>;
}

/** The engine process of one scenario, and an HTTP client to it. */
export interface HostSession {
  host: ServerProcess;
  http: HttpClient;
  /**
   * The CPU milliseconds the engine has used so far: its process's, and on PostgreSQL the
   * server's processes' too (they do the engine's statements), whatever else the machine does.
   */
  engineCpuMs(): number;
}

/** How the load generator talks to a scenario's host. */
export interface HostOptions {
  /** Sockets to keep open: the most requests the scenario has in flight at once. */
  sockets: number;
  /** How long one request may go unanswered before the scenario fails (default 90 s). */
  requestTimeoutMs?: number;
}

/** How long a host that ignores SIGTERM (a blocked event loop) has before it is killed. */
const stopGraceMs = 10_000;

/**
 * Runs `measure` against a fresh engine process on a fresh store, so nothing one scenario left
 * behind (rows, cached instances, garbage) weighs on the next; stops and removes both after.
 */
export async function withHost<T>(
  context: ScenarioContext,
  options: HostOptions,
  measure: (session: HostSession) => Promise<T>,
): Promise<T> {
  const store = await context.store.fresh();
  try {
    const host = await startServer("host.ts", store.hostArgs, hostFlags(context));
    const http = new HttpClient(host.url, options.sockets, options.requestTimeoutMs);
    const engineCpuMs = await enginesCpu(context, [host.pid]);
    try {
      return await measure({ host, http, engineCpuMs });
    } finally {
      http.close();
      await host.stop(stopGraceMs);
    }
  } finally {
    await store.dispose();
  }
}

/**
 * The CPU milliseconds that engine processes `pids` have used so far, with the store's server's
 * on PostgreSQL (it does the engines' statements). The server's tree is read at each call: its
 * backends come and go with the engines' connections.
 */
export async function enginesCpu(
  context: ScenarioContext,
  pids: readonly number[],
): Promise<() => number> {
  const server = await context.store.serverPid();
  return () => cpuMs([...pids, ...(server ? processTree(server) : [])]);
}

/** `--expose-gc` only lets suspended100k ask for a collection; nothing else calls gc(). */
export function hostFlags(context: ScenarioContext): string[] {
  const profile = context.profileDir ? ["--cpu-prof", `--cpu-prof-dir=${context.profileDir}`] : [];
  return ["--expose-gc", ...profile];
}

/** The path that starts an execution of `workflow`, answering once it ended when `waitSeconds` is given. */
export function startPath(workflow: string, waitSeconds?: number): string {
  const path = `/_eventual/workflows/${workflow}/executions`;
  return waitSeconds === undefined ? path : `${path}?wait=${waitSeconds}`;
}

/** One execution of `workflow` run to its end over HTTP: true when it SUCCEEDED. */
export async function runToCompletion(
  http: HttpClient,
  workflow: string,
  input?: unknown,
): Promise<boolean> {
  const response = await http.post(startPath(workflow, 60), { input });
  return response.status === 200 && response.body?.execution?.status === "SUCCEEDED";
}

/** The load window of the throughput scenarios: 20 s after 2 s of warm-up; 5 s after 1 s when quick. */
export function loadWindow(quick: boolean): { warmupMs: number; windowMs: number } {
  return quick ? { warmupMs: 1_000, windowMs: 5_000 } : { warmupMs: 2_000, windowMs: 20_000 };
}

/** The concurrency of the throughput scenarios, as the issue fixes it. */
export const concurrency = 50;

/**
 * Resolves once `check()` is true, asking every `intervalMs`; rejects after `timeoutMs` naming
 * `what` was awaited, so a stuck scenario fails with a reason instead of hanging the run.
 */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  { timeoutMs, intervalMs }: { timeoutMs: number; intervalMs: number },
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
