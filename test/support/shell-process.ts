import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { type AddressInfo, createServer } from "node:net";

/** A command run by bash in its own process group, with its output collected. */
export interface ShellProcess {
  readonly child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (or 128 + signal number, as a shell reports it). */
  readonly exited: Promise<number>;
  /** Waits until the output matches `pattern`; fails if the process ends first or `ms` pass. */
  waitFor(pattern: RegExp, ms: number): Promise<RegExpExecArray>;
  /** SIGTERM to the whole group, SIGKILL if it is still alive after `graceMs`; the exit code. */
  stop(graceMs?: number): Promise<number>;
}

/** Starts `script` with `bash -c` in a process group of its own. */
export function startShell(
  script: string,
  options: { cwd: string; env: NodeJS.ProcessEnv },
): ShellProcess {
  const child = spawn("bash", ["-c", script], {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk));
  const exited = once(child, "close").then(([code, signal]) =>
    code === null ? 128 + signalNumber(signal as NodeJS.Signals) : (code as number),
  );
  const alive = () => child.exitCode === null && child.signalCode === null;
  return {
    child,
    output: () => output,
    exited,
    waitFor: (pattern, ms) => waitForOutput(() => output, pattern, exited, ms),
    stop: async (graceMs = 15_000) => {
      if (alive()) process.kill(-child.pid!, "SIGTERM");
      const timer = setTimeout(() => alive() && process.kill(-child.pid!, "SIGKILL"), graceMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** Runs `script` to its end, killing it after `ms`: a hang fails its step, not the whole run. */
export async function runShell(
  script: string,
  options: { cwd: string; env: NodeJS.ProcessEnv; ms: number },
): Promise<{ code: number; output: string }> {
  const shell = startShell(script, options);
  const timer = setTimeout(() => void shell.stop(1_000), options.ms);
  const code = await shell.exited;
  clearTimeout(timer);
  return { code, output: shell.output() };
}

async function waitForOutput(
  output: () => string,
  pattern: RegExp,
  exited: Promise<number>,
  ms: number,
): Promise<RegExpExecArray> {
  const deadline = Date.now() + ms;
  let ended: number | undefined;
  void exited.then((code) => (ended = code));
  for (;;) {
    const match = pattern.exec(output());
    if (match) return match;
    if (ended !== undefined) throw new Error(`exited ${ended} before ${pattern}:\n${output()}`);
    if (Date.now() > deadline) throw new Error(`no ${pattern} after ${ms} ms:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function signalNumber(signal: NodeJS.Signals): number {
  return { SIGINT: 2, SIGKILL: 9, SIGTERM: 15 }[signal as string] ?? 1;
}

/** A TCP port nothing listens on right now. */
async function freePort(): Promise<number> {
  const port = await listenBriefly(0);
  if (port === undefined) throw new Error("no free port");
  return port;
}

/** `count` consecutive TCP ports nothing listens on right now: a free port and the ones after it. */
export async function freePorts(count: number): Promise<number[]> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const first = await freePort();
    const ports = Array.from({ length: count }, (_, index) => first + index);
    if (ports.at(-1)! > 65_535) continue;
    const others = await Promise.all(ports.slice(1).map(listenBriefly));
    if (others.every((port) => port !== undefined)) return ports;
  }
  throw new Error(`no ${count} consecutive free ports`);
}

/** Listens on `port` (0: any) and closes again: the port, or undefined if something holds it. */
async function listenBriefly(port: number): Promise<number | undefined> {
  const server = createServer();
  const bound = await new Promise<number | undefined>((resolve) => {
    server.once("error", () => resolve(undefined));
    server.listen(port, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
  });
  if (bound !== undefined) {
    server.close();
    await once(server, "close");
  }
  return bound;
}
