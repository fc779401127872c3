import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createTestDatabase,
  type TestDatabase,
} from "../packages/store-postgres/test/test-database.js";
import { type DocStep, documentSteps, helpSteps } from "./support/doc-commands.js";
import {
  appServiceEnv,
  DocSession,
  devReady,
  type Skip,
  type StepOutcome,
} from "./support/doc-session.js";
import { documentFiles, repoRoot } from "./support/markdown.js";
import { freePorts, startShell } from "./support/shell-process.js";

/**
 * Every command that the README, docs/, the examples' READMEs and `eventual --help` (with each
 * command's own help) show runs here, against a real `eventual dev` of the example it is about,
 * in the order a reader meets it; each must exit 0 (curl: answer 2xx) unless the document shows it
 * failing (`(exit N)`, or an error body under a curl call).
 *
 * What a reader's machine has and the test's does not is substituted: the service's URL for
 * localhost:3111 (and an app's next services' for 3112, …, whose URLs `--service <name>` finds as
 * it would in a reader's .eventual/app.json), a database of the test run's PostgreSQL
 * (`inject("postgresUrl")`) for any postgres:// URL, an API key for `…`, the ids this run printed
 * for the generated ones a document shows. `eventual dev` and `eventual serve` run on free ports
 * (dev on a data folder of its own) until their document ends, then must exit 0 on SIGTERM. What
 * cannot run in a test at all is in this table, with the reason:
 */
const skipped: Skip[] = [
  {
    pattern: /^npm install && npm run example$/,
    reason: "installs, then runs eventual dev until stopped: the test starts that eventual dev",
  },
  {
    pattern: /^npm test$/,
    reason: "the test suite itself (the scaffolded project's: its tests run in this suite)",
  },
  {
    pattern: /^npm create eventual/,
    reason:
      "fetches create-eventual from the registry; test/installed-project.test.ts scaffolds from the packed tarball",
  },
  {
    pattern: /^cd my-service$/,
    reason: "the scaffolded project: the test runs its template, packages/create-eventual/template",
  },
  {
    pattern: /^npm run dev$/,
    reason: "the scaffolded project's eventual dev, which the test starts on the template",
  },
  {
    pattern: /^npm install @eventual\/store-postgres$/,
    reason: "a registry install; here @eventual/store-postgres is a workspace package",
  },
  { pattern: /^npm run bench\b/, reason: "minutes of load on purpose: a measurement, not a test" },
  {
    pattern: /^eventual get logs --follow$/,
    reason: "follows the service's log until interrupted",
  },
  ...missingTools(["curl", "jq"]),
];

/** Files that examples read, as a reader would have written them; the test writes them first. */
const exampleFiles: Record<string, unknown> = {
  "transfer.json": { transferId: "t-44", from: "alice", to: "bob", amount: 20 },
  "approval.json": { approver: "dave" },
  "completed.json": {
    transferId: "t-10",
    from: "alice",
    to: "bob",
    amount: 7,
    time: "2026-01-01T00:00:00Z",
  },
};

const bin = join(repoRoot, "packages/cli/bin/eventual.js");
const example = (name: string) => join(repoRoot, name);
const help = "eventual --help";
/** The help's examples that name a service of an app (`--service`): they run against the shop. */
const appHelp = "eventual --help, of an app's services";
const ofApp = /\s--service\b/;

interface Session {
  name: string;
  cwd: string;
  /** What the session's `eventual dev` runs: src/index.ts unless it says otherwise. */
  entry?: string;
  /** How many consecutive ports that takes: one, or an app's count of services. */
  ports?: number;
  sources: string[];
}

/**
 * One `eventual dev` per session, on empty data. docs/cli.md shows a session "starting from empty
 * data", so it has a bank of its own; the rest of the bank-account documents share one, in the
 * order that opens the accounts before the help's transfers use them. The shop is an app: its
 * `eventual dev` runs three services, on three consecutive ports.
 */
const sessions: Session[] = [
  {
    name: "bank-account",
    cwd: example("examples/bank-account"),
    sources: [
      "examples/bank-account/README.md",
      help,
      "README.md",
      "docs/control-api.md",
      "docs/production.md",
      "docs/performance.md",
    ],
  },
  {
    name: "bank-account, docs/cli.md",
    cwd: example("examples/bank-account"),
    sources: ["docs/cli.md"],
  },
  {
    name: "order-service",
    cwd: example("examples/order-service"),
    sources: ["examples/order-service/README.md"],
  },
  {
    name: "the shop app",
    cwd: example("examples/shop"),
    entry: "app.ts",
    ports: 3,
    sources: ["examples/shop/README.md", "docs/services.md", appHelp],
  },
  {
    // The shop deployed: examples/aws synthesizes its services while the shop runs beside it.
    name: "the shop on AWS",
    cwd: example("examples/aws"),
    entry: "../shop/app.ts",
    ports: 3,
    sources: ["examples/aws/README.md", "docs/aws.md"],
  },
  {
    name: "the create-eventual template",
    cwd: example("packages/create-eventual/template"),
    sources: ["docs/getting-started.md"],
  },
];

/** Help examples in the order their executions come to exist: starts before what reads them. */
const verbOrder = ["start", "send", "publish", "list", "get", "show", "replay", "dev", "serve"];

const scratch = mkdtempSync(join(tmpdir(), "eventual-doc-commands-"));
const apiKey = "doc-commands-key";
let changedCopy: string;
const databases: TestDatabase[] = [];

beforeAll(() => {
  changedCopy = writeChangedCopy();
});

afterAll(async () => {
  await Promise.all(databases.map((database) => database.drop()));
  rmSync(scratch, { recursive: true, force: true });
  rmSync(join(changedCopy, "..", ".."), { recursive: true, force: true });
});

describe("the documented commands", () => {
  it("cover every document that shows commands", () => {
    const covered = new Set(sessions.flatMap((session) => session.sources));
    const withCommands = documentFiles().filter((file) => documentSteps(file).length > 0);
    expect(withCommands.filter((file) => !covered.has(file))).toEqual([]);
  });

  // Two sessions at a time: each runs its commands one by one, and the machine has two cores.
  const turns = semaphore(2);
  for (const session of sessions) {
    it.concurrent(`run against ${session.name}`, { timeout: 600_000 }, async () => {
      const outcomes = await turns(() => runSession(session));
      const failed = outcomes.filter((o) => o.skipped === undefined && o.exit !== o.expectExit);
      expect(failed.map(describeFailure)).toEqual([]);
      const ran = outcomes.filter((o) => o.skipped === undefined);
      expect(ran.length).toBeGreaterThan(0);
    });
  }
});

async function runSession(session: Session): Promise<StepOutcome[]> {
  const ports = await freePorts(session.ports ?? 1);
  const data = mkdtempSync(join(scratch, "data-"));
  const entry = session.entry ?? "src/index.ts";
  const dev = startShell(`exec node ${bin} dev ${entry} --port ${ports[0]} --data ${data}`, {
    cwd: session.cwd,
    env: baseEnv(data),
  });
  try {
    await dev.waitFor(devReady(ports), 60_000);
    const runner = new DocSession({
      cwd: session.cwd,
      env: { ...baseEnv(data), ...appServiceEnv(data) },
      targets: ports.map((port) => `http://127.0.0.1:${port}`),
      database: once(async () => {
        const database = await createTestDatabase();
        databases.push(database);
        return database.url;
      }),
      apiKey,
      skips: skipped,
      paths: { ".scratch/v2/index.ts": changedCopy, ...writeExampleFiles(data) },
      scratch: data,
    });
    const outcomes: StepOutcome[] = [];
    for (const source of session.sources) {
      outcomes.push(...(await runner.runDocument(stepsOf(source, session.cwd))));
    }
    return outcomes;
  } finally {
    await dev.stop();
  }
}

function stepsOf(source: string, cwd: string): DocStep[] {
  if (source !== help && source !== appHelp) return documentSteps(source);
  const rank = (step: DocStep) => {
    const verb = step.kind === "run" ? /\beventual\s+(\w+)/.exec(step.command)?.[1] : undefined;
    const at = verbOrder.indexOf(verb ?? "");
    return at === -1 ? verbOrder.indexOf("show") : at;
  };
  return helpSteps(bin, cwd)
    .filter((step) => step.kind === "run" && ofApp.test(step.command) === (source === appHelp))
    .sort((a, b) => rank(a) - rank(b));
}

/** The environment of every command: the repository's `eventual` on PATH, nothing inherited from the test run. */
function baseEnv(data: string): NodeJS.ProcessEnv {
  const inherited = Object.entries(process.env).filter(
    ([name]) => !/^(npm_|VITEST|EVENTUAL_|NODE_ENV$|FORCE_COLOR$|BANK_)/i.test(name),
  );
  return {
    ...Object.fromEntries(inherited),
    PATH: `${join(repoRoot, "node_modules/.bin")}:${process.env.PATH}`,
    NO_COLOR: "1",
    // The bank's own ledger, which it keeps beside Eventual's data by default.
    BANK_LEDGER_FILE: join(data, "bank-ledger.json"),
  };
}

/**
 * docs/cli.md replays an execution against ".scratch/v2/", a copy of the bank whose transfer
 * credits before it debits. It is made under the repository (so its imports resolve) but outside
 * the example, whose `eventual dev` would restart on a new file.
 */
function writeChangedCopy(): string {
  const dir = join(repoRoot, ".scratch", `doc-commands-${process.pid}`, "v2");
  mkdirSync(dir, { recursive: true });
  cpSync(join(repoRoot, "examples/bank-account/src"), dir, {
    recursive: true,
    filter: (path) => !path.endsWith(".test.ts"),
  });
  const file = join(dir, "transfer.ts");
  const source = readFileSync(file, "utf8");
  const debitFirst = "await debit(t.from, t.amount, t.transferId);";
  if (!source.includes(debitFirst)) throw new Error(`transfer.ts no longer has ${debitFirst}`);
  writeFileSync(file, source.replace(debitFirst, "await credit(t.to, t.amount, t.transferId);"));
  return join(dir, "index.ts");
}

function writeExampleFiles(dir: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(exampleFiles).map(([name, content]) => {
      writeFileSync(join(dir, name), JSON.stringify(content));
      return [name, join(dir, name)];
    }),
  );
}

/** Commands that need a tool this machine lacks are skipped, saying so. */
function missingTools(tools: string[]): Skip[] {
  return tools
    .filter((tool) => spawnSync("sh", ["-c", `command -v ${tool}`]).status !== 0)
    .map((tool) => ({
      pattern: new RegExp(`(^|[\\s|;])${tool}\\s`),
      reason: `${tool} is not installed here`,
    }));
}

function describeFailure(outcome: StepOutcome): string {
  return [
    `${outcome.source}: ${outcome.command}`,
    `  ran: ${outcome.ran}`,
    `  exit ${outcome.exit}, expected ${outcome.expectExit}, after ${outcome.ms} ms`,
    ...(outcome.output ?? "")
      .trim()
      .split("\n")
      .slice(-8)
      .map((line) => `  | ${line}`),
  ].join("\n");
}

function semaphore(slots: number): <T>(work: () => Promise<T>) => Promise<T> {
  let free = slots;
  const waiting: (() => void)[] = [];
  return async (work) => {
    while (free === 0) await new Promise<void>((turn) => waiting.push(turn));
    free--;
    try {
      return await work();
    } finally {
      free++;
      waiting.shift()?.();
    }
  };
}

function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => (made ??= make());
}
