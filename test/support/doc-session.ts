import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { serviceUrlVariable } from "@eventual/client";
import type { DocStep } from "./doc-commands.js";
import { freePorts, runShell, type ShellProcess, startShell } from "./shell-process.js";

/** A documented command the test does not run, and why. */
export interface Skip {
  pattern: RegExp;
  reason: string;
}

/** What a session of documented commands runs against. */
export interface SessionSetup {
  /** The example's folder: every command runs there. */
  cwd: string;
  env: NodeJS.ProcessEnv;
  /**
   * The URLs of the `eventual dev` the test started for the session, one per port: the first
   * stands for localhost:3111, the next for 3112, and so on (an app's services take consecutive
   * ports). An `eventual dev` that a document starts takes as many.
   */
  targets: string[];
  /** A database for `eventual serve`, created on first use. */
  database: () => Promise<string>;
  apiKey: string;
  skips: Skip[];
  /** Documented paths that stand for files the test made elsewhere. */
  paths: Record<string, string>;
  /** Where the `eventual dev` commands of the documents keep their data. */
  scratch: string;
}

/** What one documented command did. */
export interface StepOutcome {
  source: string;
  command: string;
  skipped?: string;
  /** The command as run, after the substitutions. */
  ran?: string;
  expectExit: number;
  exit?: number;
  output?: string;
  ms?: number;
}

interface DocumentState {
  vars: Record<string, string>;
  targets: string[];
  /** Where the app's services listen, for `--service <name>`, as `appServiceEnv` gives it. */
  services: NodeJS.ProcessEnv;
  servers: { step: DocStep & { kind: "run" }; ran: string; process: ShellProcess }[];
}

/** A server started by a document is ready once it says so. */
const ready = /"msg":"(?:serving|working \(no HTTP\))"|http:\/\/127\.0\.0\.1:\d+/;
/** The first port of a documented `eventual dev`; an app's next services take the ports after it. */
const documentedPort = 3111;
const longRunning = /(?:^|\s)eventual\s+(?:dev|serve)\b/;
/** An execution id made of a workflow name and a generated (ULID) name. */
const generatedId = /\b([A-Za-z][\w-]*)~[0-9a-z]{26}\b/g;
/** Makes a curl call fail (exit 22) on an HTTP error, printing the body still. */
const prelude = 'curl() { command curl --fail-with-body "$@"; }\n';

/**
 * Runs documents' commands one at a time against a running example, as a reader would type them:
 * each document starts with its own variables, servers it starts are stopped at its end, and
 * execution ids the run prints replace the ones the documents show.
 */
export class DocSession {
  readonly #ids = new Map<string, string>();
  /** Servers already started and stopped, by what they run: one proof each is enough. */
  readonly #servers = new Map<string, string>();

  constructor(readonly setup: SessionSetup) {}

  async runDocument(steps: DocStep[]): Promise<StepOutcome[]> {
    const doc: DocumentState = {
      vars: {},
      targets: this.setup.targets,
      services: {},
      servers: [],
    };
    const outcomes: StepOutcome[] = [];
    try {
      for (const step of steps) {
        const started = Date.now();
        if (step.kind === "set") await this.#set(step, doc);
        else outcomes.push({ ...(await this.#run(step, doc)), ms: Date.now() - started });
      }
    } finally {
      for (const server of doc.servers.reverse()) {
        const exit = await server.process.stop();
        outcomes.push({
          source: server.step.source,
          command: `${server.step.command} (stopped by SIGTERM)`,
          ran: server.ran,
          expectExit: 0,
          exit,
          output: server.process.output(),
        });
      }
    }
    return outcomes;
  }

  async #set(step: DocStep & { kind: "set" }, doc: DocumentState): Promise<void> {
    const value = await this.#substitute(step.value, doc);
    const { code, output } = await runShell(`printf %s ${value}`, {
      cwd: this.setup.cwd,
      env: this.#env(doc),
      ms: 10_000,
    });
    if (code !== 0 || output === "") {
      throw new Error(`${step.source}: ${step.name}=${step.value} gave no value: ${output}`);
    }
    doc.vars[step.name] = output;
  }

  async #run(step: DocStep & { kind: "run" }, doc: DocumentState): Promise<StepOutcome> {
    const base = { source: step.source, command: step.command, expectExit: step.expectExit };
    const skip = this.setup.skips.find(({ pattern }) => pattern.test(step.command));
    if (skip) return { ...base, skipped: skip.reason };
    const ran = await this.#substitute(step.command, doc);
    if (longRunning.test(ran)) {
      const same = this.#servers.get(serverKey(ran));
      if (same) return { ...base, skipped: `the same server as ${same}, which ran` };
      this.#servers.set(serverKey(ran), step.source);
      return { ...base, ...(await this.#startServer(step, ran, doc)) };
    }
    const { code, output } = await runShell(prelude + ran, {
      cwd: this.setup.cwd,
      env: this.#env(doc),
      ms: 90_000,
    });
    for (const [id, workflow] of output.matchAll(generatedId)) this.#ids.set(workflow!, id);
    return { ...base, ran, exit: code, output };
  }

  /**
   * Starts `eventual dev` or `serve` on free ports, and leaves it running for the document: a
   * `serve` on one, a `dev` on as many consecutive ones as the session's.
   */
  async #startServer(step: DocStep & { kind: "run" }, command: string, doc: DocumentState) {
    let ran = command.replace(/\s(?:--port|-p)\s+\d+/g, "");
    const http = !/\s--no-http\b/.test(ran);
    const dev = /\beventual\s+dev\b/.test(ran);
    const ports = await freePorts(dev ? this.setup.targets.length : 1);
    if (http) ran += ` --port ${ports[0]}`;
    const data = dev ? mkdtempSync(join(this.setup.scratch, "dev-")) : undefined;
    if (data) ran = `${ran.replace(/\s--data\s+\S+/g, "")} --data ${data}`;
    const process = startShell(execLast(ran), { cwd: this.setup.cwd, env: this.#env(doc) });
    try {
      await process.waitFor(dev ? devReady(ports) : ready, 60_000);
    } catch (error) {
      await process.stop();
      return { ran, exit: -1, output: (error as Error).message };
    }
    doc.servers.push({ step, ran, process });
    if (http) doc.targets = ports.map((port) => `http://127.0.0.1:${port}`);
    if (data) doc.services = appServiceEnv(data);
    return { ran, exit: 0, output: process.output() };
  }

  /** The documented command with this run's URLs, database, API key, paths and execution ids. */
  async #substitute(text: string, doc: DocumentState): Promise<string> {
    let result = text
      .replace(/\bnpx eventual\b/g, "eventual")
      .replace(/https:\/\/bank\.example\.com/g, doc.targets[0]!)
      .replace(
        /(https?:\/\/)?\b(?:localhost|127\.0\.0\.1):(\d+)\b/g,
        (documented, scheme: string | undefined, port: string) => {
          const target = doc.targets[Number(port) - documentedPort];
          if (target === undefined) return documented;
          return scheme ? target : new URL(target).host;
        },
      )
      // A key or secret the reader fills in: `KEY=… command`, or `export KEY=…` (the value alone).
      .replace(/(?<=^|=)…(?=\s|$)/g, this.setup.apiKey)
      .replace(generatedId, (id, workflow: string) => this.#ids.get(workflow) ?? id);
    for (const [documented, real] of Object.entries(this.setup.paths)) {
      result = result.replaceAll(documented, real);
    }
    if (/postgres:\/\//.test(result)) {
      result = result.replace(/postgres:\/\/\S+/g, await this.setup.database());
    }
    return result;
  }

  #env(doc: DocumentState): NodeJS.ProcessEnv {
    return { ...this.setup.env, ...doc.services, ...doc.vars, EVENTUAL_URL: doc.targets[0] };
  }
}

/**
 * `eventual dev` on `ports` is ready once each of its services has printed its summary (an app
 * prints every service's URL before any of them listens).
 */
export function devReady(ports: number[]): RegExp {
  const listening = ports.map((port) => `(?=[\\s\\S]*http://127\\.0\\.0\\.1:${port}\\s+data:)`);
  return new RegExp(`^${listening.join("")}`);
}

/**
 * What a reader's `--service <name>` finds in `.eventual/app.json`, for an `eventual dev` of an
 * app that keeps its data in `data`: `EVENTUAL_SERVICE_URL_<NAME>` of each of its services.
 */
export function appServiceEnv(data: string): NodeJS.ProcessEnv {
  const file = join(data, "app.json");
  if (!existsSync(file)) return {};
  const { services } = JSON.parse(readFileSync(file, "utf8")) as {
    services: Record<string, string>;
  };
  return Object.fromEntries(
    Object.entries(services).map(([name, url]) => [serviceUrlVariable(name), url]),
  );
}

/** What a server runs, without the settings each run substitutes (port, database, key). */
function serverKey(command: string): string {
  return command
    .replace(/^(?:[A-Za-z_]\w*=\S*\s+)*/, "")
    .replace(/\s(?:--port|-p|--db|--data)\s+\S+/g, "")
    .replace(/^npx\s+/, "");
}

/** `A=1 B=2 cmd args` as `A=1 B=2 exec cmd args`: the shell becomes the command, signals and all. */
function execLast(command: string): string {
  const [, assignments = "", rest = ""] = /^((?:[A-Za-z_]\w*=\S*\s+)*)(.*)$/.exec(command)!;
  return `${assignments}exec ${rest}`;
}
