import type { ChildProcess } from "node:child_process";
import { fork } from "node:child_process";
import { extname, join, resolve, sep } from "node:path";
import { watch } from "chokidar";
import pc from "picocolors";
import { CommandFailure } from "../command-failure.js";
import type { AppConnection } from "../host/app-links.js";
import { planLinks } from "../host/app-links.js";
import type { AppPlan, ServicePlan } from "../host/app-plan.js";
import { isInside, otherServiceRoots } from "../host/app-plan.js";
import { writeRunningApp } from "../host/running-app.js";
import { devAppSecret } from "./app-secret.js";
import type { DevOptions } from "./dev-options.js";
import type { StartupFailed } from "./startup-failure.js";

/** What the first process says when the entry it loaded is an app file. */
interface AppFound {
  type: "app";
  app: AppPlan;
}

// JavaScript once built; TypeScript when this module itself runs from source.
const hostScript = new URL(`./host-process${extname(import.meta.url)}`, import.meta.url);
const ignoredFolders = ["node_modules", ".git", "dist"];
/** Code and configuration: a change to one of these restarts the service; data files do not. */
const sourceFile = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs|json)$/;
const fileEvents = new Set(["add", "change", "unlink"]);

/**
 * Runs the service in a child process and starts a fresh one whenever a source file under `root`
 * changes. The data lives in the store, so a restart loses no execution: sleeping and running
 * executions carry on in the new process. Restarts never overlap: changes made during one are
 * folded into one more. Resolves when the supervisor is told to stop (SIGINT, SIGTERM); rejects
 * with why if the first service process fails before it is ready (a port or a data file in use),
 * since no change to the code can fix that. Later failures wait for a change, as crashes do.
 */
export async function superviseDevHost(options: DevOptions, root: string): Promise<void> {
  let hosts = [new HostProcess(options)];
  const dataDir = resolve(options.data);
  const watcher = watch(root, {
    ignoreInitial: true,
    ignored: (path, stats) =>
      path.startsWith(dataDir) ||
      ignoredFolders.some((name) => path.split(sep).includes(name)) ||
      (stats?.isFile() === true && !sourceFile.test(path)),
  });
  let debounce: NodeJS.Timeout | undefined;
  watcher.on("all", (event, path) => {
    if (!fileEvents.has(event) || !sourceFile.test(path)) return;
    clearTimeout(debounce);
    debounce = setTimeout(() => restartFor(hosts, resolve(path)), 100);
  });
  await new Promise<void>((ready) => watcher.once("ready", () => ready()));

  await new Promise<void>((done, fail) => {
    const stop = async (failure?: string) => {
      clearTimeout(debounce);
      await watcher.close();
      await Promise.all(hosts.map((host) => host.stop()));
      if (failure === undefined) done();
      else fail(new CommandFailure(failure));
    };
    process.once("SIGINT", () => stop());
    process.once("SIGTERM", () => stop());
    const [first] = hosts;
    first!.onStartFailed = (failure) => void stop(failure);
    first!.onApp = (plan) => {
      if (options.db !== undefined) {
        void stop(
          "eventual dev runs an app's services on SQLite files of their own; --db runs one service.",
        );
        return;
      }
      const urls = Object.fromEntries(
        plan.services.map((service, index) => [service.name, serviceUrl(options, index)]),
      );
      const appSecret = devAppSecret(options.data);
      writeRunningApp(options.data, plan, urls);
      hosts = plan.services.map((service) => {
        const connection = {
          ...planLinks(plan, service.name),
          urls,
          secrets: { app: appSecret },
        };
        const host = new HostProcess(
          serviceOptions(options, plan, service, connection),
          service.root,
        );
        host.onStartFailed = (failure) => void stop(`${service.name}: ${failure}`);
        return host;
      });
      printAppSummary(plan, urls);
      for (const host of hosts) host.start();
    };
    first!.start();
  });
}

/** Restarts the services whose code `path` is, or all of them for a file none of them owns. */
function restartFor(hosts: HostProcess[], path: string): void {
  const owners = hosts.filter((host) => host.root !== undefined && isInside(path, host.root));
  for (const host of owners.length > 0 ? owners : hosts) host.restart(path);
}

/** One service of an app: the next port, a data folder of its own, the others' code left out. */
function serviceOptions(
  options: DevOptions,
  plan: AppPlan,
  service: ServicePlan,
  connection: AppConnection,
): DevOptions {
  const index = plan.services.indexOf(service);
  return {
    ...options,
    entry: service.entry,
    port: options.port + index,
    data: join(options.data, service.name),
    service: { name: service.name, exclude: otherServiceRoots(plan, service), connection },
  };
}

/** The services of an app listen on consecutive ports, in the order the app declares them. */
function serviceUrl(options: DevOptions, index: number): string {
  return `http://${options.hostname}:${options.port + index}`;
}

/** The app's services with their URLs, and the events that flow between them. */
function printAppSummary(plan: AppPlan, urls: Record<string, string>): void {
  console.log(pc.bold(`app ${plan.name}: ${plan.services.length} services`));
  for (const service of plan.services) console.log(`  ${service.name}  ${urls[service.name]}`);
  for (const service of plan.services) {
    for (const { service: publisher, events } of service.subscriptions) {
      console.log(`  ${publisher} → ${service.name}: ${events.join(", ")}`);
    }
  }
  console.log(pc.dim("  (eventual <command> --service <name> talks to one of them)"));
}

/** The one child process that hosts a service, started, restarted and stopped in turn. */
class HostProcess {
  #child?: ChildProcess;
  /** The entry turned out to be an app file: its services, each to run in a process of its own. */
  onApp?: (plan: AppPlan) => void;
  #isApp = false;
  #turn: Promise<void> = Promise.resolve();
  #restartPending = false;
  #stopping = false;
  /** Whether a service process has served: until then, a failure ends `eventual dev`. */
  #wasReady = false;
  /** Called, instead of waiting for a change, when the first service process fails to start. */
  onStartFailed?: (message: string) => void;

  constructor(
    private readonly options: DevOptions,
    /** The folder of the service's own code, when it is one of an app's. */
    readonly root?: string,
  ) {}

  start(): void {
    const child = fork(hostScript, [JSON.stringify(this.options)], { stdio: "inherit" });
    this.#child = child;
    let failure: string | undefined;
    child.on("message", (message: { type?: string } | StartupFailed | AppFound) => {
      if (message.type === "ready") this.#wasReady = true;
      if (message.type === "failed") failure = (message as StartupFailed).message;
      if (message.type === "app") {
        this.#isApp = true;
        this.onApp?.((message as AppFound).app);
      }
    });
    child.on("exit", (code, signal) => {
      if (this.#child !== child || this.#isApp) return; // stopped on purpose, or done
      this.#child = undefined;
      const how = signal ?? `exit code ${code}`;
      if (!this.#wasReady) {
        this.onStartFailed?.(failure ?? `the service stopped before it was ready (${how})`);
        return;
      }
      if (failure) console.error(pc.red(`eventual: ${failure}`));
      console.error(pc.red(`The service stopped (${how}); waiting for a change.`));
    });
  }

  /** Restarts after the turn in progress; several calls meanwhile make one restart. */
  restart(changed: string): void {
    if (this.#restartPending || this.#stopping) return;
    this.#restartPending = true;
    this.#turn = this.#turn.then(async () => {
      this.#restartPending = false;
      if (this.#stopping) return;
      console.log(pc.yellow(`${changed} changed; restarting the service.`));
      await this.#stopChild();
      if (!this.#stopping) this.start();
    });
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    await this.#turn;
    await this.#stopChild();
  }

  async #stopChild(): Promise<void> {
    const child = this.#child;
    this.#child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((done) => child.once("exit", done));
    child.kill("SIGTERM");
    await exited;
  }
}
