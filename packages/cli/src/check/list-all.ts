import type { Execution } from "@eventual/core";
import type { ExecutionSource, SourceQuery } from "./execution-source.js";

/** The most executions the control API returns in one page. */
const pageSize = 1000;

/**
 * Every execution that matches `query`, following `nextToken` from page to page, up to `max`.
 * Pages are keyed by start time and id, so executions that end meanwhile shift no page.
 */
export async function listAll(
  source: ExecutionSource,
  query: Omit<SourceQuery, "limit" | "nextToken">,
  max = Number.POSITIVE_INFINITY,
): Promise<Execution[]> {
  const found: Execution[] = [];
  let nextToken: string | undefined;
  while (found.length < max) {
    const limit = Math.min(pageSize, max - found.length);
    const page = await source.listExecutions({ ...query, limit, nextToken });
    found.push(...page.executions);
    nextToken = page.nextToken;
    if (nextToken === undefined) break;
  }
  return found;
}
