import { peerNames } from "./peers.js";
import type { Figures } from "./scenario.js";

/** One of the targets: a figure of a scenario, and the bound it should meet. */
interface Target {
  scenario: string;
  figure: string;
  /** `min`: at least `value`; `max`: below (or at most, for `atMost`) `value`. */
  bound: "min" | "max" | "atMost";
  value: number;
  unit: string;
}

/** The targets the issue sets on SQLite (docs/performance.md describes the scenarios). */
export const sqliteTargets: readonly Target[] = [
  { scenario: "sequential3", figure: "throughput_per_s", bound: "min", value: 1300, unit: "/s" },
  { scenario: "suspended100k", figure: "rss_mb", bound: "max", value: 200, unit: "MB" },
  { scenario: "replay10k", figure: "cold_replay_ms", bound: "max", value: 200, unit: "ms" },
  { scenario: "replay10k", figure: "hot_event_us", bound: "max", value: 50, unit: "µs" },
  { scenario: "timers10k", figure: "lag_p99_ms", bound: "max", value: 50, unit: "ms" },
  { scenario: "events", figure: "deliveries_per_s", bound: "min", value: 5000, unit: "/s" },
  { scenario: "api", figure: "ratio", bound: "min", value: 0.6, unit: "× raw" },
  { scenario: "dashboard", figure: "list_load_ms_max", bound: "max", value: 1000, unit: "ms" },
];

/** A target checked against a run. */
export interface TargetResult {
  target: string;
  value: number;
  pass: boolean;
}

/**
 * On every store: one workflow at a time answers within 1.5 × the time of the four durable
 * commits it needs, measured on the same disk or server in the same run (`commit_floor_ms`).
 */
const everyStoreTargets: readonly Target[] = [
  { scenario: "latency1", figure: "floor_ratio", bound: "atMost", value: 1.5, unit: "× 4 commits" },
];

/**
 * Checks the target of every scenario in `ran`, and with `peers` (`--peers`, all driven by the
 * same harness in this run) Eventual's against theirs; a scenario that failed (absent from
 * `results`), or a figure that is missing or NaN, fails its target.
 */
export function checkTargets(
  ran: readonly string[],
  results: Record<string, Figures>,
  store: "sqlite" | "postgres",
  peers?: Record<string, Figures>,
): Record<string, TargetResult> {
  const checked: Record<string, TargetResult> = {};
  const targets = [...(store === "sqlite" ? sqliteTargets : []), ...everyStoreTargets];
  const measured: Record<string, Figures> = {
    ...results,
    ...(peers ? { harness: peers.eventual ?? {} } : {}),
  };
  for (const target of [...targets, ...(peers ? peerTargets(store, peers) : [])]) {
    if (target.scenario !== "harness" && !ran.includes(target.scenario)) continue;
    const value = measured[target.scenario]?.[target.figure] ?? Number.NaN;
    checked[`${target.scenario}.${target.figure}`] = {
      target: describe(target),
      value,
      pass: meets(target, value),
    };
  }
  return checked;
}

function meets(target: Target, value: number): boolean {
  if (Number.isNaN(value)) return false;
  if (target.bound === "min") return value >= target.value;
  if (target.bound === "atMost") return value <= target.value;
  return value < target.value;
}

function describe(target: Target): string {
  const sign = { min: "≥", max: "<", atMost: "≤" }[target.bound];
  return `${sign} ${target.value} ${target.unit}`;
}

/**
 * Against the peers, all driven by the shared harness in the same run: the three-step workflow at
 * 5 × the fastest peer's throughput (on PostgreSQL, 5 × DBOS's, the peer on the same database),
 * at a fifth of Restate's CPU per workflow or less.
 */
function peerTargets(store: "sqlite" | "postgres", peers: Record<string, Figures>): Target[] {
  const restate = peers.restate_workflow ?? {};
  const dbos = peers.dbos ?? {};
  const fastest =
    store === "sqlite"
      ? Math.max(...peerNames.map((name) => peers[name]?.throughput_per_s ?? Number.NaN))
      : (dbos.throughput_per_s ?? Number.NaN);
  const peer = store === "sqlite" ? "fastest peer" : "DBOS";
  const restateCpu = restate.cpu_ms_per_workflow ?? Number.NaN;
  return [
    {
      scenario: "harness",
      figure: "throughput_per_s",
      bound: "min",
      value: round1(5 * fastest),
      unit: `/s (5 × ${peer})`,
    },
    {
      scenario: "harness",
      figure: "cpu_ms_per_workflow",
      bound: "atMost",
      value: Math.round((restateCpu / 5) * 1000) / 1000,
      unit: "ms (⅕ Restate)",
    },
  ];
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
