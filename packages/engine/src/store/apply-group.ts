import type { Write, WriteGroup, WriteResult } from "./store.js";

/** Why a guard does not hold: an execution with its id exists, or what it guards has moved on. */
export type Refusal = "exists" | "conflict";

/**
 * A group applied as `Store.commit` says, by a store that checks and applies writes one at a time
 * (the memory and SQLite stores, inside their transaction): every guard of the group first,
 * wherever it stands; if one is refused, nothing applies and every result is that refusal;
 * otherwise each write applies in order, seeing the ones before it.
 */
export function applyGroup(
  group: WriteGroup,
  refusal: (write: Write) => Refusal | undefined,
  apply: (write: Write) => WriteResult,
): WriteResult[] {
  for (const write of group) {
    const refused = refusal(write);
    if (refused !== undefined) return group.map(() => refused);
  }
  return group.map(apply);
}
