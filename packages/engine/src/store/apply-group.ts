import type { Write, WriteGroup, WriteOf, WriteResult } from "./store.js";

/** Why a guard does not hold: an execution with its id exists, or what it guards has moved on. */
export type Refusal = "exists" | "conflict";

/** The writes that only check: they change nothing, and answer `ok` when they hold. */
export type GuardWrite = WriteOf<
  "requireNewExecution" | "requireTask" | "requireActivity" | "requireTimer"
>;

const guardKinds: ReadonlySet<Write["type"]> = new Set<GuardWrite["type"]>([
  "requireNewExecution",
  "requireTask",
  "requireActivity",
  "requireTimer",
]);

/**
 * A group applied as `Store.commit` says, by a store that checks and applies writes one at a time
 * (the memory and SQLite stores, inside their transaction): every guard of the group first,
 * wherever it stands; if one is refused, nothing applies and every result is that refusal;
 * otherwise each guard answers `ok` and each other write applies in order, seeing the ones
 * before it.
 */
export function applyGroup(
  group: WriteGroup,
  refusal: (write: Write) => Refusal | undefined,
  apply: (write: Exclude<Write, GuardWrite>) => WriteResult,
): WriteResult[] {
  for (const write of group) {
    const refused = refusal(write);
    if (refused !== undefined) return group.map(() => refused);
  }
  return group.map((write) =>
    guardKinds.has(write.type) ? "ok" : apply(write as Exclude<Write, GuardWrite>),
  );
}
