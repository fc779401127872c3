import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import type { Figures } from "./scenario.js";
import type { TargetResult } from "./targets.js";

/** The machine and the code a run measured, recorded beside its figures. */
export interface RunContext {
  store: string;
  durability: string;
  node: string;
  cpus: number;
  cpu_model: string;
  date: string;
  commit: string;
  /** Whether the working tree had uncommitted changes: the figures are then of code not in `commit`. */
  dirty: boolean;
  quick: boolean;
}

export function runContext(store: string, durability: string, quick: boolean): RunContext {
  const processors = cpus();
  return {
    store,
    durability,
    node: process.version,
    cpus: processors.length,
    cpu_model: processors[0]?.model.trim() ?? "unknown",
    date: new Date().toISOString(),
    commit: git(["rev-parse", "HEAD"]) ?? "unknown",
    dirty: (git(["status", "--porcelain", "--untracked-files=no"]) ?? "") !== "",
    quick,
  };
}

/** One scenario's figures as one line: `key  a=1  b=2`. */
export function formatFigures(key: string, figures: Figures): string {
  const parts = Object.entries(figures).map(([name, value]) => `${name}=${value}`);
  return `${key.padEnd(14)} ${parts.join("  ")}`;
}

/** The closing table: every figure of every scenario, one row each, and the targets after it. */
export function printTable(
  results: Record<string, Figures>,
  checked: Record<string, TargetResult>,
): void {
  const rows = Object.entries(results).flatMap(([scenario, figures]) =>
    Object.entries(figures).map(([figure, value]) => {
      const target = checked[`${scenario}.${figure}`];
      const verdict = target ? `${target.target}  ${target.pass ? "pass" : "FAIL"}` : "";
      return [scenario, figure, String(value), verdict];
    }),
  );
  const header = ["scenario", "figure", "value", "target"];
  const widths = header.map((title, i) =>
    Math.max(title.length, ...rows.map((row) => row[i]!.length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (i === 2 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join("  ");
  console.log(`\n${line(header).trimEnd()}\n${widths.map((w) => "-".repeat(w)).join("  ")}`);
  for (const row of rows) console.log(line(row).trimEnd());
  for (const [key, target] of Object.entries(checked)) {
    if (!Number.isNaN(target.value)) continue;
    console.log(`${key} has no figure (the scenario failed): target ${target.target}  FAIL`);
  }
  const passed = Object.values(checked).filter((t) => t.pass).length;
  console.log(`\ntargets: ${passed} of ${Object.keys(checked).length} met`);
}

/** Writes the results to bench/results/latest.json and returns its path. */
export function writeResults(results: object): string {
  const directory = new URL("../results/", import.meta.url);
  mkdirSync(directory, { recursive: true });
  const file = new URL("latest.json", directory);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return fileURLToPath(file);
}

function git(args: string[]): string | undefined {
  try {
    return execFileSync("git", args, {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    return undefined;
  }
}
