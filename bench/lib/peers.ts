import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { cpuMs, processTree } from "./cpu.js";
import type { Figures, ScenarioContext } from "./scenario.js";
import { withHost } from "./scenario.js";
import { round2 } from "./stats.js";

/**
 * `--peers`: the same three-step workflow on Eventual, Restate and DBOS, each driven by the same
 * load generator, the shared bench-peers harness (../shared/bench-peers, installed into
 * $PEERS_DIR, /tmp/peers by default), at the same concurrency and window as `sequential3`, in one
 * run; with the CPU each engine's processes used per workflow. No peer code lives in this
 * repository; this only calls those scripts and reads what they print.
 */

const scripts = fileURLToPath(new URL("../../../shared/bench-peers/", import.meta.url));
const peersDir = process.env.PEERS_DIR ?? "/tmp/peers";

/**
 * The peers' entries in what `runPeers` returns, beside `eventual`: Restate's workflow and its
 * service handlers (the same three durable steps), and DBOS.
 */
export const peerNames = ["restate_workflow", "restate_service", "dbos"] as const;

/** Why the peers cannot run here, with how to fix it; undefined when they can. */
export function peersUnavailable(): string | undefined {
  if (!existsSync(join(scripts, "restate.sh"))) {
    return `the shared peer scripts are not at ${scripts}`;
  }
  const installed = ["restate", "dbos"].every((peer) =>
    existsSync(join(peersDir, peer, "node_modules")),
  );
  if (!installed) {
    return `the peers are not installed in ${peersDir}: run \`bash ${join(scripts, "setup.sh")}\` once (as root, a few minutes)`;
  }
  return undefined;
}

/** The harness's warm-up calls before its latency runs, which the CPU figures also count. */
const harnessWarmup = 20;

/**
 * Runs Eventual (on the run's store), then Restate, then DBOS through the shared harness; figures
 * per engine, in the shape of `sequential3`, each with `cpu_ms_per_workflow`: the CPU of the
 * engine's processes (Eventual's host and its store's server; Restate's server and its service;
 * DBOS's process and PostgreSQL) over the whole harness run, per workflow it completed.
 */
export async function runPeers(options: {
  context: ScenarioContext;
  concurrency: number;
  windowSeconds: number;
  latencyRuns: number;
}): Promise<Record<string, Figures>> {
  const { concurrency, windowSeconds, latencyRuns } = options;
  const args = [String(latencyRuns), String(concurrency), String(windowSeconds)];
  const eventual = await withHost(options.context, { sockets: 1 }, async (session) => {
    const before = session.engineCpuMs();
    const run = await runHarness("npx", ["tsx", harnessScript, session.host.url, ...args], root);
    return { ...run, cpuMs: session.engineCpuMs() - before };
  });
  const restate = await runHarness("bash", [join(scripts, "restate.sh"), ...args], peersDir);
  const dbos = await withPostgres(async (postgres) => {
    const before = cpuMs(processTree(postgres));
    // `times` prints the CPU of the shell's children: the DBOS process, once it has exited.
    const script = 'node bench.mjs "$@"; status=$?; times; exit $status';
    const run = await runHarness("bash", ["-c", script, "bash", ...args], join(peersDir, "dbos"));
    return { ...run, cpuMs: cpuMs(processTree(postgres)) - before + childrenCpuMs(run.stdout) };
  });
  const restateWorkflowCpu = restateCpuMs(restate.stdout);
  return {
    eventual: peerFigures(eventual.lines, () => true, eventual.cpuMs, latencyRuns),
    restate_workflow: peerFigures(
      restate.lines,
      (l) => l.mode === "wf",
      restateWorkflowCpu,
      latencyRuns,
    ),
    restate_service: peerFigures(restate.lines, (line) => line.mode === "svc"),
    dbos: peerFigures(dbos.lines, () => true, dbos.cpuMs, latencyRuns),
  };
}

const root = fileURLToPath(new URL("../..", import.meta.url));
const harnessScript = fileURLToPath(new URL("../harness-eventual.ts", import.meta.url));

/**
 * The CPU of Restate's server and service during its workflow run, the first of restate.sh's two
 * (`CPU server: 1.23 s over …` and `CPU service: …`, printed by the shared cpu.sh).
 */
function restateCpuMs(stdout: string): number {
  const seconds = [...stdout.matchAll(/^CPU (server|service): ([\d.]+) s/gm)].slice(0, 2);
  if (seconds.length < 2) return Number.NaN;
  return seconds.reduce((sum, match) => sum + Number(match[2]) * 1000, 0);
}

/** The children's CPU from bash's `times` (its second line: `0m1.234s 0m0.567s`). */
function childrenCpuMs(stdout: string): number {
  const line = stdout.trimEnd().split("\n").at(-1) ?? "";
  const times = [...line.matchAll(/(\d+)m([\d.]+)s/g)];
  if (times.length !== 2) return Number.NaN;
  return times.reduce((sum, [, m, s]) => sum + (Number(m) * 60 + Number(s)) * 1000, 0);
}

interface PeerLine {
  mode?: string;
  latency?: { p50: number; p99: number };
  throughput?: {
    perSec: number;
    latP50: number;
    latP99: number;
    errors: number;
    completed: number;
  };
}

/**
 * The figures of one engine: throughput and latency at concurrency, one-at-a-time latency, and,
 * given its CPU over the whole harness run, CPU per workflow the harness completed.
 */
function peerFigures(
  lines: PeerLine[],
  ofMode: (line: PeerLine) => boolean,
  cpuMsUsed?: number,
  latencyRuns?: number,
): Figures {
  const latency = lines.find((line) => ofMode(line) && line.latency)?.latency;
  const throughput = lines.find((line) => ofMode(line) && line.throughput)?.throughput;
  const figures: Figures = {
    throughput_per_s: round2(throughput?.perSec ?? Number.NaN),
    p50_ms: throughput?.latP50 ?? Number.NaN,
    p99_ms: throughput?.latP99 ?? Number.NaN,
    failures: throughput?.errors ?? Number.NaN,
    latency1_p50_ms: latency?.p50 ?? Number.NaN,
    latency1_p99_ms: latency?.p99 ?? Number.NaN,
  };
  if (cpuMsUsed !== undefined && latencyRuns !== undefined) {
    const workflows = (throughput?.completed ?? Number.NaN) + latencyRuns + harnessWarmup;
    figures.cpu_ms_per_workflow = round2(cpuMsUsed / workflows);
  }
  return figures;
}

/** Runs a command to its end: the JSON objects it printed, one per line, and all it printed. */
async function runHarness(
  command: string,
  args: string[],
  cwd: string,
): Promise<{ lines: PeerLine[]; stdout: string }> {
  const child = spawn(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (text: string) => {
    stdout += text;
  });
  child.stderr.setEncoding("utf8").on("data", (text: string) => {
    stderr += text;
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", resolve);
  });
  const lines = stdout.split("\n").filter((line) => line.startsWith("{"));
  if (code !== 0 || lines.length === 0) {
    throw new Error(
      `${command} ${args.join(" ")} exited with ${code}: ${(stderr || stdout).slice(-500)}`,
    );
  }
  return { lines: lines.map((line) => JSON.parse(line) as PeerLine), stdout };
}

/**
 * Runs `work` with the peers' PostgreSQL up, given its main process: started (and stopped
 * after) unless it already was.
 */
async function withPostgres<T>(work: (postgres: number) => Promise<T>): Promise<T> {
  const wasRunning = postgresPid() !== undefined;
  if (!wasRunning) await runScript("pg.sh", ["start"]);
  try {
    return await work(postgresPid()!);
  } finally {
    if (!wasRunning) await runScript("pg.sh", ["stop"]);
  }
}

/** The peers' PostgreSQL server's main process, while it runs. */
function postgresPid(): number | undefined {
  const pidFile = join(peersDir, "pg", "data", "postmaster.pid");
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

async function runScript(script: string, args: string[]): Promise<void> {
  const child = spawn("bash", [join(scripts, script), ...args], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", resolve);
  });
  if (code !== 0) throw new Error(`${script} ${args.join(" ")} exited with ${code}.`);
}
