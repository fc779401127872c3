import type { WriteResult } from "@eventual/engine";
import type pg from "pg";

/** How the operations read their statements' answers into results. */

/** For a statement whose answer says nothing: a batch that only checks, or aborts. */
export const noResults = (): WriteResult[] => [];

/** `ok` if the statement changed a row, `stale` if what it targets is gone. */
export function changed(result: pg.QueryResult): WriteResult {
  return (result.rowCount ?? 0) > 0 ? "ok" : "stale";
}

/** The one row of a statement that always answers one. */
export function firstRow(result: pg.QueryResult) {
  const [row] = result.rows;
  if (!row) throw new Error("A statement that always answers one row answered none.");
  return row;
}

/** `ok` for a running execution; otherwise why nothing was written for it. */
export function running(status: string | null): "ok" | "ended" | "not_found" {
  if (status === null) return "not_found";
  return status === "IN_PROGRESS" ? "ok" : "ended";
}
