import type {
  EventualServiceClient,
  Execution,
  ExecutionStatus,
  HistoryEntry,
} from "@eventual/core";
import type { Store } from "@eventual/engine";

/** Which executions to list: by status or hold, one page of `limit`, by start time. */
export interface SourceQuery {
  workflow?: string;
  status?: ExecutionStatus;
  held?: boolean;
  limit: number;
  nextToken?: string;
  order: "asc" | "desc";
}

/** One page of executions; `nextToken` is present when more match. */
export interface SourcePage {
  executions: Execution[];
  nextToken?: string;
}

/**
 * Where a check reads executions and their histories: the control API for `eventual check`, the
 * store itself for `eventual serve --check`. Both page executions the same way, so the check
 * needs no more than these two reads.
 */
export interface ExecutionSource {
  listExecutions(query: SourceQuery): Promise<SourcePage>;
  getHistory(executionId: string): Promise<HistoryEntry[]>;
}

/** A running service's executions, read over HTTP through its client. */
export function clientSource(
  client: Pick<EventualServiceClient, "listExecutions" | "getHistory">,
): ExecutionSource {
  return {
    listExecutions: (query) => client.listExecutions(query),
    getHistory: (executionId) => client.getHistory(executionId),
  };
}

/** A store's executions, read directly: what a node checks before it takes work. */
export function storeSource(store: Pick<Store, "listExecutions" | "getHistory">): ExecutionSource {
  return {
    listExecutions: (query) => store.listExecutions(query),
    // The control API serves the stored events as they are; the types differ only in name.
    getHistory: async (executionId) => (await store.getHistory(executionId)) as HistoryEntry[],
  };
}
