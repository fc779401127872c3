import type { ChildProcess } from "node:child_process";
import { fork } from "node:child_process";
import { resolve, sep } from "node:path";
import { watch } from "chokidar";
import pc from "picocolors";
import type { DevOptions } from "./dev-options.js";

const hostScript = new URL("./host-process.ts", import.meta.url);
const ignoredFolders = ["node_modules", ".git", "dist"];
/** Code and configuration: a change to one of these restarts the service; data files do not. */
const sourceFile = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs|json)$/;

/**
 * Runs the service in a child process and starts a fresh one whenever a source file under `root`
 * changes. The data lives in SQLite, so a restart loses no execution: sleeping and running
 * executions carry on in the new process. Resolves when the supervisor is told to stop.
 */
export async function superviseDevHost(options: DevOptions, root: string): Promise<void> {
  let child: ChildProcess | undefined;
  let restarting = false;
  const dataDir = resolve(options.data);

  const startChild = () => {
    child = fork(hostScript, [JSON.stringify(options)], {
      execArgv: ["--import", import.meta.resolve("tsx")],
      stdio: "inherit",
    });
    child.on("exit", (code, signal) => {
      if (!restarting && !stopping) {
        console.error(
          pc.red(`The service stopped (${signal ?? `exit code ${code}`}); waiting for a change.`),
        );
      }
    });
  };
  const stopChild = async () => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((done) => running.once("exit", done));
    running.kill("SIGTERM");
    await exited;
  };

  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  const watcher = watch(root, {
    ignoreInitial: true,
    ignored: (path, stats) =>
      path.startsWith(dataDir) ||
      ignoredFolders.some((name) => path.split(sep).includes(name)) ||
      (stats?.isFile() === true && !sourceFile.test(path)),
  });
  watcher.on("all", (_event, path) => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      console.log(pc.yellow(`${path} changed; restarting the service.`));
      restarting = true;
      await stopChild();
      restarting = false;
      if (!stopping) startChild();
    }, 100);
  });
  await new Promise<void>((ready) => watcher.once("ready", () => ready()));
  startChild();

  await new Promise<void>((done) => {
    const stop = async () => {
      if (stopping) return;
      stopping = true;
      clearTimeout(timer);
      await watcher.close();
      await stopChild();
      done();
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}
