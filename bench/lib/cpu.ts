import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { round2 } from "./stats.js";

/** Clock ticks per second, the unit of /proc's CPU times. */
const ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());

/**
 * CPU time (user + system) that processes `pids` have used so far, in milliseconds, from
 * /proc/<pid>/stat (Linux): a figure of the work done, whatever else the machine is doing. With
 * it, the time of their children that have exited and been waited for: a database server's
 * backends that end mid-run (a pool closing an idle connection, a client that exits) still count,
 * in the server's. A process that has exited itself counts nothing.
 */
export function cpuMs(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      continue;
    }
    // Fields after the command (which may hold spaces), from field 3 on: utime is 14, stime 15,
    // and the waited-for children's cutime 16, cstime 17.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
  }
  return (ticks / ticksPerSecond) * 1000;
}

/** Process `root` and every process descended from it now: a server and its workers. */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {}
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) tree.push(...(children.get(tree[i]!) ?? []));
  return tree;
}

/** A workflow scenario's CPU figures: per workflow, and per step of its `steps` activities. */
export function cpuFigures(
  perWorkflow: number | undefined,
  steps: number,
): { cpu_ms_per_workflow: number; cpu_ms_per_step: number } {
  const workflow = perWorkflow ?? Number.NaN;
  return { cpu_ms_per_workflow: workflow, cpu_ms_per_step: round2(workflow / steps) };
}
