import { setTimeout as sleep } from "node:timers/promises";
import type { LogLine } from "@eventual/core";
import { inTimeOrder } from "../output/log-lines.js";
import type { FollowReads } from "./ride-out.js";

/** How often a follow of the service's logs asks for new lines. */
const intervalMs = 500;
/**
 * How far before the newest line seen each poll looks again: a line is stored when its step or
 * attempt commits, so it can arrive after later ones; one older than this when it arrives is missed.
 */
const lookBackMs = 60_000;
/** Lines per poll: more than a service writes in `lookBackMs` unless it floods its log. */
const pollLimit = 10_000;

/**
 * Prints the service's latest `limit` log lines (of `workflow`, from `since`), then each new one
 * as it is stored, in time order
 * within each batch, until the process is stopped. Lines carry no id, so each poll reads again
 * from a little before the newest line seen and prints only what it did not see before: a line
 * seen n times is printed when it comes back an n+1th time.
 */
export async function followServiceLogs(
  client: FollowReads,
  query: { workflow?: string; since?: string; limit: number },
  print: (lines: LogLine[]) => void,
): Promise<never> {
  const seen = new Map<string, { count: number; time: number }>();
  // The first poll shows the latest lines, as `get logs` does; lines older than those it left
  // out are never printed later.
  const first = await client.getServiceLogs(query);
  print(inTimeOrder(unseen(first, seen)));
  let floor = query.since === undefined ? -Infinity : Date.parse(query.since);
  if (first.length === query.limit) floor = Math.min(...first.map((line) => Date.parse(line.time)));
  for (;;) {
    await sleep(intervalMs);
    const newest = Math.max(...[...seen.values()].map((entry) => entry.time));
    const start = Math.max(newest - lookBackMs, floor);
    for (const [key, entry] of seen) if (entry.time < start) seen.delete(key);
    const since = Number.isFinite(start) ? new Date(start).toISOString() : query.since;
    const lines = await client.getServiceLogs({ ...query, since, limit: pollLimit });
    print(inTimeOrder(unseen(lines, seen).filter((line) => Date.parse(line.time) >= floor)));
  }
}

/** The lines of `lines` past the copies of each already seen, counted into `seen`. */
function unseen(lines: LogLine[], seen: Map<string, { count: number; time: number }>): LogLine[] {
  const counts = new Map<string, number>();
  const fresh: LogLine[] = [];
  for (const line of lines) {
    const key = JSON.stringify([
      line.time,
      line.executionId,
      line.source,
      line.level,
      line.message,
    ]);
    const count = (counts.get(key) ?? 0) + 1;
    counts.set(key, count);
    const entry = seen.get(key);
    if (entry && entry.count >= count) continue;
    seen.set(key, { count, time: Date.parse(line.time) });
    fresh.push(line);
  }
  return fresh;
}
