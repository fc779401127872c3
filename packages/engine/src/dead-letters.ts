import type { DeadLetter, DeadLetterPage, DeadLetterQuery } from "@eventual/core";
import { BadRequestError } from "@eventual/core";
import { iso } from "./clock.js";
import { InvalidPageToken } from "./store/page-token.js";
import type { DeliveryRecord, Store } from "./store/store.js";

/**
 * One page of the store's dead letters, oldest first (by publish time, then id). The store lists
 * them all: dead letters are the rare deliveries that failed every attempt, so they are paged
 * here rather than by every store.
 */
export async function listDeadLetters(
  store: Store,
  query: DeadLetterQuery = {},
): Promise<DeadLetterPage> {
  const limit = query.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new BadRequestError(`limit ${limit} is not a page size (1 to 1000).`);
  }
  const after = query.nextToken === undefined ? undefined : readToken(query.nextToken);
  const sorted = (await store.listDeadLetters()).map(toDeadLetter).sort(compare);
  const rest = after === undefined ? sorted : sorted.filter((dead) => sortKey(dead) > after);
  const deadLetters = rest.slice(0, limit);
  const last = deadLetters.at(-1);
  return rest.length > limit && last
    ? { deadLetters, nextToken: Buffer.from(sortKey(last), "utf8").toString("base64url") }
    : { deadLetters };
}

/** The public shape of a dead-lettered delivery. */
export function toDeadLetter(record: DeliveryRecord): DeadLetter {
  return {
    id: record.id,
    subscription: record.subscription,
    eventName: record.eventName,
    event: record.event,
    attempts: record.attempt,
    ...(record.lastError ? { error: record.lastError } : {}),
    ...(record.lastStack === undefined ? {} : { stack: record.lastStack }),
    publishedAt: iso(record.publishedAt),
    ...(record.executionId === undefined ? {} : { executionId: record.executionId }),
  };
}

/** Publish time then id: ISO times of one length sort as text, as ids do. */
function sortKey(dead: DeadLetter): string {
  return `${dead.publishedAt}\u0000${dead.id}`;
}

function compare(a: DeadLetter, b: DeadLetter): number {
  const [x, y] = [sortKey(a), sortKey(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

function readToken(token: string): string {
  const key = Buffer.from(token, "base64url").toString("utf8");
  if (key.split("\u0000").length !== 2) throw new InvalidPageToken(token);
  return key;
}
