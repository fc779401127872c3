import { parseArgs } from "node:util";
import type { ActivityTask, HistoryEvent, Write, WriteGroup } from "@eventual/engine";
import { cpuMs, processTree } from "./lib/cpu.js";
import { round2 } from "./lib/stats.js";
import { chooseStore, openStore } from "./lib/stores.js";

/**
 * A store's commit alone, without the engine, HTTP or a load generator: the write groups of
 * `seq3` (a start, two steps that settle an activity and schedule the next, a last step that
 * ends the execution), committed `--batch` executions at a time as group commit does under load,
 * on a fresh store: a SQLite file with `synchronous=FULL`, or with `--store postgres` a fresh
 * database on the server that EVENTUAL_BENCH_POSTGRES_URL names. Prints the CPU (user and
 * system) of this process and, on PostgreSQL, of the server's processes, and the wall time per
 * group as JSON.
 *
 *   npx tsx bench/store-commit.ts [--store sqlite|postgres] [--executions 20000] [--batch 25]
 *     [--names spread|adjacent]
 *
 * `--names spread` names each execution as the shared harness does (`t<caller>-<n>`), so that
 * the executions of a batch lie far apart in id order; `adjacent` gives them ids that sort
 * together.
 */
const { values } = parseArgs({
  options: {
    store: { type: "string", default: "sqlite" },
    executions: { type: "string", default: "20000" },
    batch: { type: "string", default: "25" },
    names: { type: "string", default: "spread" },
  },
});
const executions = Number(values.executions);
const batch = Number(values.batch);
if (values.names !== "spread" && values.names !== "adjacent") {
  throw new Error(`--names is spread or adjacent, not ${values.names}`);
}

if (values.store !== "sqlite" && values.store !== "postgres") {
  throw new Error(`--store is sqlite or postgres, not ${values.store}`);
}
const choice = await chooseStore(values.store);
if ("unavailable" in choice) throw new Error(`--store ${values.store}: ${choice.unavailable}`);
const fresh = await choice.fresh();
const serverPid = await choice.serverPid();
const store = await openStore(choice.kind, fresh.location);
const owner = "bench";
const now = () => Date.now();
const time = () => new Date().toISOString();

function activityTask(executionId: string, seq: number): ActivityTask {
  const at = now();
  return {
    executionId,
    seq,
    name: "step",
    args: [seq + 1],
    workflowName: "seq3",
    policy: {},
    attempt: 1,
    scheduledTime: at,
    availableAt: at,
  };
}

function scheduled(executionId: string, seq: number): Write {
  const task = activityTask(executionId, seq);
  return { type: "scheduleActivity", task, claim: { owner, leaseUntil: now() + 60_000 } };
}

function scheduledEvent(seq: number): HistoryEvent {
  return { type: "ActivityScheduled", seq, name: "step", args: [seq + 1], timestamp: time() };
}

function startGroup(id: string): WriteGroup {
  const started: HistoryEvent = { type: "WorkflowStarted", input: 1, timestamp: time() };
  const execution = {
    id,
    name: id,
    workflowName: "seq3",
    status: "IN_PROGRESS" as const,
    input: 1,
    startTime: time(),
    historyLength: 0,
  };
  return [
    { type: "requireNewExecution", executionId: id },
    { type: "startExecution", execution, history: [started, scheduledEvent(0)], timers: [] },
    scheduled(id, 0),
  ];
}

/** The step that settles activity `seq` and schedules the next; the last one ends the execution. */
function settleGroup(id: string, seq: number): WriteGroup {
  const historyLength = 2 + 2 * seq;
  const last = seq === 2;
  const settled: HistoryEvent = {
    type: "ActivitySucceeded",
    seq,
    result: seq + 2,
    timestamp: time(),
  };
  const then: HistoryEvent = last
    ? { type: "WorkflowSucceeded", result: 4, timestamp: time() }
    : scheduledEvent(seq + 1);
  const ended = last ? { ended: { status: "SUCCEEDED" as const, result: 4, endTime: time() } } : {};
  return [
    { type: "requireActivity", executionId: id, seq },
    { type: "removeActivity", executionId: id, seq },
    { type: "requireTask", executionId: id, historyLength, lease: { freeAt: now() } },
    {
      type: "appendHistory",
      executionId: id,
      historyLength,
      history: [settled, then],
      consumed: [],
      ...ended,
    },
    ...(last ? [] : [scheduled(id, seq + 1)]),
  ];
}

/** One workflow's groups in the order its commits come: the start, then each activity settled. */
const phases = [startGroup, ...[0, 1, 2].map((seq) => (id: string) => settleGroup(id, seq))];

const run = Date.now().toString(36);
const idOf = (first: number, i: number) =>
  values.names === "spread" ? `seq3~${run}-t${i}-${first}` : `seq3~${run}-${first + i}`;

let groups = 0;
const serverCpuMs = () => (serverPid === undefined ? 0 : cpuMs(processTree(serverPid)));
const serverBefore = serverCpuMs();
const cpuBefore = process.cpuUsage();
const wallBefore = performance.now();
for (let first = 0; first < executions; first += batch) {
  const ids = Array.from({ length: Math.min(batch, executions - first) }, (_, i) => idOf(first, i));
  for (const phase of phases) {
    const committed = ids.map(phase);
    const results = await store.commit(committed);
    const refused = results.flat().find((result) => result !== "ok" && result !== "created");
    if (refused) throw new Error(`a write was not applied: ${refused}`);
    groups += committed.length;
  }
}
const cpu = process.cpuUsage(cpuBefore);
const wallMs = performance.now() - wallBefore;
const serverUs = (serverCpuMs() - serverBefore) * 1000;
await store.close();
await fresh.dispose();

console.log(
  JSON.stringify({
    names: values.names,
    groups,
    cpu_us_per_group: round2((cpu.user + cpu.system) / groups),
    user_us_per_group: round2(cpu.user / groups),
    system_us_per_group: round2(cpu.system / groups),
    ...(serverPid === undefined ? {} : { server_us_per_group: round2(serverUs / groups) }),
    wall_us_per_group: round2((wallMs * 1000) / groups),
  }),
);
