import { readdirSync, readFileSync } from "node:fs";

/**
 * What the processes of group `pgid` are doing, for a run that stopped making progress: each
 * process's threads with their state and the kernel call they wait in. A main thread asleep on a
 * futex is blocked (in `Atomics.wait`, say); one in `ep_poll` waits for I/O that never comes; a
 * process left over after its parent ended holds the parent's output open.
 */
export function describeProcessGroup(pgid: number): string {
  const lines: string[] = [];
  for (const pid of processesIn(pgid)) {
    lines.push(`process ${pid}: ${read(`/proc/${pid}/cmdline`).replaceAll("\0", " ").trim()}`);
    for (const tid of list(`/proc/${pid}/task`)) {
      const { comm, state } = parseStat(read(`/proc/${pid}/task/${tid}/stat`));
      lines.push(`  thread ${tid} ${comm}: ${state} in ${read(`/proc/${pid}/task/${tid}/wchan`)}`);
    }
  }
  return lines.length > 0 ? lines.join("\n") : `no process is left in group ${pgid}`;
}

function processesIn(pgid: number): number[] {
  return list("/proc")
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => parseStat(read(`/proc/${pid}/stat`)).pgrp === pgid)
    .map(Number);
}

/** `pid (comm) state ppid pgrp …`: the command name may hold spaces and parentheses. */
function parseStat(stat: string): { comm: string; state: string; pgrp: number } {
  const close = stat.lastIndexOf(")");
  const [state = "?", , pgrp = "-1"] = stat.slice(close + 2).split(" ");
  return { comm: stat.slice(stat.indexOf("(") + 1, close), state, pgrp: Number(pgrp) };
}

/** A /proc file's text, or "" once the process is gone. */
function read(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return "";
  }
}

function list(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return [];
  }
}
