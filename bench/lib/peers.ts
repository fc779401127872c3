import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Figures } from "./scenario.js";
import { round2 } from "./stats.js";

/**
 * `--peers`: the same three-step workflow on Restate and on DBOS, measured by the shared
 * bench-peers scripts (../shared/bench-peers, installed into $PEERS_DIR, /tmp/peers by default)
 * at the same concurrency and window as `sequential3`. No peer code lives in this repository;
 * this only calls those scripts and reads the JSON lines they print.
 */

const scripts = fileURLToPath(new URL("../../../shared/bench-peers/", import.meta.url));
const peersDir = process.env.PEERS_DIR ?? "/tmp/peers";

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

/** Runs Restate's and then DBOS's benchmark; figures per engine, in the shape of `sequential3`. */
export async function runPeers(options: {
  concurrency: number;
  windowSeconds: number;
  latencyRuns: number;
}): Promise<Record<string, Figures>> {
  const { concurrency, windowSeconds, latencyRuns } = options;
  const args = [String(latencyRuns), String(concurrency), String(windowSeconds)];
  const restate = await runLines("bash", [join(scripts, "restate.sh"), ...args], peersDir);
  const dbos = await withPostgres(() =>
    runLines("node", ["bench.mjs", ...args], join(peersDir, "dbos")),
  );
  return {
    restate_workflow: peerFigures(restate, (line) => line.mode === "wf"),
    restate_service: peerFigures(restate, (line) => line.mode === "svc"),
    dbos: peerFigures(dbos, () => true),
  };
}

interface PeerLine {
  mode?: string;
  latency?: { p50: number; p99: number };
  throughput?: { perSec: number; latP50: number; latP99: number; errors: number };
}

/** The figures of one engine: throughput and latency at concurrency, and one-at-a-time latency. */
function peerFigures(lines: PeerLine[], ofMode: (line: PeerLine) => boolean): Figures {
  const latency = lines.find((line) => ofMode(line) && line.latency)?.latency;
  const throughput = lines.find((line) => ofMode(line) && line.throughput)?.throughput;
  return {
    throughput_per_s: round2(throughput?.perSec ?? Number.NaN),
    p50_ms: throughput?.latP50 ?? Number.NaN,
    p99_ms: throughput?.latP99 ?? Number.NaN,
    failures: throughput?.errors ?? Number.NaN,
    latency1_p50_ms: latency?.p50 ?? Number.NaN,
    latency1_p99_ms: latency?.p99 ?? Number.NaN,
  };
}

/** Runs a command to its end and returns the JSON objects it printed, one per line. */
async function runLines(command: string, args: string[], cwd: string): Promise<PeerLine[]> {
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
  return lines.map((line) => JSON.parse(line) as PeerLine);
}

/** Runs `work` with the peers' PostgreSQL up: started (and stopped after) unless it already was. */
async function withPostgres<T>(work: () => Promise<T>): Promise<T> {
  const wasRunning = postgresRunning();
  if (!wasRunning) await runScript("pg.sh", ["start"]);
  try {
    return await work();
  } finally {
    if (!wasRunning) await runScript("pg.sh", ["stop"]);
  }
}

function postgresRunning(): boolean {
  const pidFile = join(peersDir, "pg", "data", "postmaster.pid");
  if (!existsSync(pidFile)) return false;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
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
