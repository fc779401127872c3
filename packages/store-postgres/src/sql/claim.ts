import type { Claim } from "@eventual/engine";
import { columnList, type tableColumns } from "./columns.js";
import { param, raw, type Sql, sql } from "./sql.js";

/** What every claim takes: the time, how many, who claims and until when. */
export const claimNow = param("bigint", (claim: Claim) => claim.now);
export const claimLimit = param("int", (claim: Claim) => claim.limit);
export const claimOwner = param("text", (claim: Claim) => claim.owner);
export const claimUntil = param("bigint", (claim: Claim) => claim.now + claim.leaseMs);

/**
 * Leases the claimable rows of a task table (`ready` and available, unleased or whose lease
 * ended) in order of `available_at`, counting an attempt: SKIP LOCKED, so claims never wait.
 */
export function claimRows(
  table: "eventual_activities" | "eventual_deliveries",
  ready: string,
  key: readonly string[],
  returned: keyof typeof tableColumns,
): Sql<Claim> {
  const keys = raw(key.join(", "));
  const picked = raw(key.map((column) => `t.${column} = picked.${column}`).join(" AND "));
  return sql<Claim>`WITH picked AS MATERIALIZED (
      SELECT ${keys} FROM ${raw(table)}
      WHERE ${raw(ready)} AND available_at <= ${claimNow}
        AND (lease_until IS NULL OR lease_until <= ${claimNow})
      ORDER BY available_at, ${keys} LIMIT ${claimLimit}
      FOR NO KEY UPDATE SKIP LOCKED
    ), leased AS (
      UPDATE ${raw(table)} t
      SET attempt = t.attempt + 1, lease_owner = ${claimOwner}, lease_until = ${claimUntil}
      FROM picked WHERE ${picked}
      RETURNING ${columnList(returned, "t")}
    )
    SELECT * FROM leased ORDER BY available_at, ${keys}`;
}
