import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

const cliBin = fileURLToPath(new URL("../../bin/eventual.js", import.meta.url));

/** A real `eventual` process started by a test, with its output collected. */
export interface EventualProcess {
  readonly child: ChildProcess;
  readonly url: string;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** Waits until the output contains `text` (or matches it), for at most `ms`. */
  waitForOutput(text: string | RegExp, ms?: number): Promise<void>;
  /** Kills the whole process group with SIGKILL: no shutdown code runs. */
  crash(): Promise<void>;
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<number | null>;
}

/** Starts `eventual dev <entry>` on a free port and waits until it serves. */
export async function startDev(options: {
  entry: string;
  cwd: string;
  data: string;
  /** A PostgreSQL URL to run on instead of SQLite in `data`. */
  db?: string;
  port?: number;
  env?: Record<string, string>;
}): Promise<EventualProcess> {
  const port = options.port ?? (await freePort());
  const store = options.db === undefined ? [] : ["--db", options.db];
  const started = runEventual(
    ["dev", options.entry, "--port", String(port), "--data", options.data, ...store],
    { cwd: options.cwd, env: options.env },
  );
  const url = `http://127.0.0.1:${port}`;
  await started.waitForOutput(url, 30_000);
  return { ...started, url };
}

/** Spawns the `eventual` binary (this repository's, or `bin`) in its own process group. */
export function runEventual(
  args: string[],
  options: { cwd: string; env?: Record<string, string>; bin?: string },
): Omit<EventualProcess, "url"> {
  const child = spawn(process.execPath, [options.bin ?? cliBin, ...args], {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: "1", ...options.env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const listeners = new Set<() => void>();
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout!.on("data", collect);
  child.stderr!.on("data", collect);
  const exited = once(child, "exit");

  const matches = (text: string | RegExp) =>
    typeof text === "string" ? output.includes(text) : text.test(output);

  return {
    child,
    output: () => output,
    waitForOutput: (text, ms = 20_000) =>
      new Promise<void>((resolve, reject) => {
        if (matches(text)) return resolve();
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`Timed out waiting for ${String(text)} in:\n${output}`));
        }, ms);
        const check = () => {
          if (!matches(text)) return;
          clearTimeout(timer);
          listeners.delete(check);
          resolve();
        };
        listeners.add(check);
        child.once("exit", () => {
          if (matches(text)) return;
          clearTimeout(timer);
          listeners.delete(check);
          reject(new Error(`eventual exited before printing ${String(text)}:\n${output}`));
        });
      }),
    crash: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        process.kill(-child.pid!, "SIGKILL");
        await exited;
      }
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        process.kill(-child.pid!, "SIGTERM");
        await exited;
      }
      return child.exitCode;
    },
  };
}

/** A TCP port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, "close");
  return port;
}
