import { columns, type Sql, sql } from "./sql.js";

/** An activity task by its key. */
export interface ActivityKey {
  executionId: string;
  seq: number;
}

const activity = columns((keys: readonly ActivityKey[]) => keys);
const executionId = activity("text", (key) => key.executionId);
const seq = activity("int", (key) => key.seq);

/** The arguments' activity keys as a set of rows `(execution_id, seq)`, for `FROM` or `USING`. */
export const activityKeys: Sql<readonly ActivityKey[]> = sql`unnest(${executionId}, ${seq})`;
