import { raw, type Sql, sql } from "./sql.js";

/**
 * SQLSTATEs of `eventual_refuse` (see the migrations): a group's guard failed; a started
 * execution exists.
 */
export const refusal = { conflict: "EV001", exists: "EV002" } as const;

/**
 * Aborts with the refusal `code` and `message`, naming the 1-based positions that `failed` (SQL
 * answering one position per row) yields: none, and nothing happens.
 */
export const refuse = <A>(failed: Sql<A>, code: keyof typeof refusal, message: string) =>
  sql<A>`SELECT eventual_refuse(ARRAY(${failed}), ${raw(`'${refusal[code]}', '${message}'`)})`;
