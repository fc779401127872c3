import { execFileSync } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { parseArgs } from "node:util";
import { builtCodeStamp } from "./lib/built-code.js";
import { peerNames, peersUnavailable, runPeers } from "./lib/peers.js";
import { formatFigures, printTable, runContext, writeResults } from "./lib/report.js";
import type { Figures, Scenario, ScenarioContext } from "./lib/scenario.js";
import { concurrency, loadWindow } from "./lib/scenario.js";
import type { StoreKind } from "./lib/stores.js";
import { chooseStore, postgresUrlVariable } from "./lib/stores.js";
import { checkTargets } from "./lib/targets.js";
import { apiScenario } from "./scenarios/api.js";
import { chain10 } from "./scenarios/chain10.js";
import { crossService } from "./scenarios/cross-service.js";
import { dashboard } from "./scenarios/dashboard.js";
import { eventsScenario } from "./scenarios/events.js";
import { fanout100 } from "./scenarios/fanout100.js";
import { latency1 } from "./scenarios/latency1.js";
import { replay10k } from "./scenarios/replay10k.js";
import { sequential3 } from "./scenarios/sequential3.js";
import { suspended100k } from "./scenarios/suspended100k.js";
import { timers10k } from "./scenarios/timers10k.js";

/**
 * `npm run bench [-- --store sqlite|postgres] [-- --quick] [-- --peers] [-- --only a,b]
 *   [-- --profile <dir>]`
 *
 * Runs each scenario against a fresh engine process (bench/host.ts) on a fresh store, printing
 * its figures as it finishes; then prints the table with the targets and writes
 * bench/results/latest.json. Exits non-zero when a scenario failed (its entry then holds the
 * error instead of figures). Targets missed do not fail the run: they are figures, not tests.
 */

const scenarios: Scenario[] = [
  sequential3,
  latency1,
  chain10,
  fanout100,
  timers10k,
  suspended100k,
  replay10k,
  eventsScenario,
  crossService,
  apiScenario,
  dashboard,
];

const { values: options } = parseArgs({
  options: {
    store: { type: "string", default: "sqlite" },
    quick: { type: "boolean", default: false },
    peers: { type: "boolean", default: false },
    only: { type: "string" },
    profile: { type: "string" },
    help: { type: "boolean", short: "h", default: false },
  },
});

if (options.help) {
  console.log(`npm run bench [-- --store sqlite|postgres] [-- --quick] [-- --peers] [-- --only a,b] [-- --profile <dir>]

Scenarios: ${scenarios.map((scenario) => scenario.key).join(", ")}.
--store postgres needs ${postgresUrlVariable}: a server where it may create and drop databases.`);
  process.exit(0);
}

const kind = options.store as StoreKind;
if (kind !== "sqlite" && kind !== "postgres") {
  console.error(`--store must be sqlite or postgres, not ${options.store}.`);
  process.exit(2);
}
const store = await chooseStore(kind);
if ("unavailable" in store) {
  console.log(`Skipping the ${kind} benchmark: ${store.unavailable}.`);
  process.exit(0);
}

const context: ScenarioContext = {
  quick: options.quick,
  store,
  ...(options.profile ? { profileDir: options.profile } : {}),
};
const selected = options.only ? selectScenarios(options.only.split(",")) : scenarios;
const started = performance.now();
console.log(`bench: store ${store.kind} (${store.durability})${options.quick ? ", quick" : ""}`);

const results: Record<string, Figures> = {};
const failures: Record<string, { error: string }> = {};
const builtAtStart = builtCodeStamp();
/** The part of the run during which the packages were rebuilt, if they were. */
let rebuiltDuring: string | undefined;
for (const scenario of selected) {
  await settleMachine();
  console.log(`… ${scenario.key}: ${scenario.what}`);
  try {
    results[scenario.key] = await scenario.run(context);
    console.log(formatFigures(scenario.key, results[scenario.key]!));
  } catch (error) {
    failures[scenario.key] = { error: String(error) };
    console.error(`${scenario.key.padEnd(14)} FAILED: ${String(error)}`);
  }
  noteRebuild(scenario.key);
}

const peers = options.peers ? await measurePeers() : undefined;
if (peers) noteRebuild("peers");
const peerFigures = peers && !("skipped" in peers) ? (peers as Record<string, Figures>) : undefined;
const checked = checkTargets(
  selected.map((scenario) => scenario.key),
  results,
  store.kind,
  peerFigures,
);
if (peerFigures) printPeerRatios(peerFigures);
printTable({ ...results, ...harnessRows(peerFigures) }, checked);
const file = writeResults({
  ...runContext(store.kind, store.durability, options.quick),
  ...results,
  ...failures,
  targets: checked,
  ...(peers ? { peers } : {}),
  ...(rebuiltDuring ? { rebuilt_during: rebuiltDuring } : {}),
});
console.log(`wrote ${file} in ${Math.round((performance.now() - started) / 1000)} s`);
if (Object.keys(failures).length > 0) process.exitCode = 1;
if (rebuiltDuring) {
  console.error(
    `The packages' built code (packages/*/dist) changed during ${rebuiltDuring}: a build or a test run rebuilt it, and what ran after measured other code than what ran before. Run again.`,
  );
  process.exitCode = 1;
}

/** Records the first part of the run after which the built code differs from the start's. */
function noteRebuild(part: string): void {
  if (rebuiltDuring === undefined && builtCodeStamp() !== builtAtStart) rebuiltDuring = part;
}

function selectScenarios(keys: string[]): Scenario[] {
  const unknown = keys.filter((key) => !scenarios.some((s) => s.key === key));
  if (unknown.length > 0) {
    console.error(
      `Unknown scenario ${unknown.join(", ")}; known: ${scenarios.map((s) => s.key).join(", ")}.`,
    );
    process.exit(2);
  }
  return scenarios.filter((scenario) => keys.includes(scenario.key));
}

async function measurePeers(): Promise<Record<string, Figures> | { skipped: string }> {
  const unavailable = peersUnavailable();
  if (unavailable) {
    console.log(`peers skipped: ${unavailable}.`);
    return { skipped: unavailable };
  }
  console.log("peers: Eventual, Restate, then DBOS, each driven by the shared bench-peers harness");
  try {
    const figures = await runPeers({
      context,
      concurrency,
      windowSeconds: loadWindow(options.quick).windowMs / 1000,
      latencyRuns: 200,
    });
    for (const [engine, values] of Object.entries(figures))
      console.log(formatFigures(engine, values));
    return figures;
  } catch (error) {
    console.error(`peers FAILED: ${String(error)}`);
    return { skipped: String(error) };
  }
}

/** Each engine's figures under the shared harness, as rows of the table: `harness` is Eventual's. */
function harnessRows(peers: Record<string, Figures> | undefined): Record<string, Figures> {
  if (!peers) return {};
  const { eventual, ...others } = peers;
  return {
    ...(eventual ? { harness: eventual } : {}),
    ...Object.fromEntries(
      Object.entries(others).map(([peer, figures]) => [`harness:${peer}`, figures]),
    ),
  };
}

/** Eventual against each peer, all driven by the same harness in this run. */
function printPeerRatios(peers: Record<string, Figures>): void {
  const eventual = peers.eventual;
  if (!eventual) return;
  for (const peer of peerNames) {
    const other = peers[peer];
    if (!other) continue;
    const throughput = eventual.throughput_per_s! / other.throughput_per_s!;
    const latency = other.p50_ms! / eventual.p50_ms!;
    // Restate's script measures its CPU over its workflow run only.
    const cpu =
      other.cpu_ms_per_workflow === undefined
        ? ""
        : `, ${(other.cpu_ms_per_workflow / eventual.cpu_ms_per_workflow!).toFixed(2)} × less CPU per workflow`;
    console.log(
      `eventual vs ${peer}: ${throughput.toFixed(2)} × the throughput, ${latency.toFixed(2)} × lower p50${cpu}`,
    );
  }
}

/**
 * Lets what the last scenario left behind finish before the next one starts: its store's dirty
 * pages written back (`sync`), its processes' exit. Otherwise that writeback lands on the next
 * scenario's first fsyncs, which `latency1`, short and right after `sequential3`, shows.
 */
async function settleMachine(): Promise<void> {
  execFileSync("sync");
  await sleep(1_000);
}
