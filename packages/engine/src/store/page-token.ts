import { BadRequestError } from "@eventual/core";
import type { ExecutionRecord } from "./store.js";

/** Where a listing of executions continues: after this start time and id, in their order. */
export interface ExecutionCursor {
  startTime: string;
  id: string;
}

/** The opaque `nextToken` for the listing that continues after `execution`. */
export function executionToken(execution: ExecutionCursor): string {
  return Buffer.from(`${execution.startTime}\u0000${execution.id}`, "utf8").toString("base64url");
}

/** Reads a `nextToken` back; one that no store issued is a bad request. */
export function readExecutionToken(token: string | undefined): ExecutionCursor | undefined {
  if (token === undefined) return undefined;
  const [startTime, id, ...rest] = Buffer.from(token, "base64url").toString("utf8").split("\u0000");
  if (id === undefined || rest.length > 0) throw new InvalidPageToken(token);
  return { startTime: startTime!, id };
}

/**
 * A page of a listing read with one row more than `limit`, as every store does to learn whether
 * another page follows: the first `limit`, and the token of the next page if there is one.
 */
export function executionPage(
  rows: ExecutionRecord[],
  limit: number,
): { executions: ExecutionRecord[]; nextToken?: string } {
  const executions = rows.slice(0, limit);
  const last = executions.at(-1);
  return rows.length > limit && last
    ? { executions, nextToken: executionToken(last) }
    : { executions };
}

export class InvalidPageToken extends BadRequestError {
  constructor(token: string) {
    super(`nextToken "${token}" is not a token this store issued.`);
    this.name = "InvalidPageToken";
  }
}
