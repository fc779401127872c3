import type { WriteOf, WriteResult } from "@eventual/engine";
import type { Transaction } from "../transaction.js";
import { firstRow } from "./answers.js";
import { bind, param, prepare, raw, sql } from "./sql.js";
import { upsertTimers, type WithTimers } from "./upsert-timers.js";

type Heartbeat = WriteOf<"heartbeatActivity">;

interface Args extends WithTimers {
  heartbeat: Heartbeat;
}

const statement = prepare(
  "heartbeat_activity",
  sql<Args>`WITH task AS (
      SELECT 1 FROM eventual_activities
      WHERE execution_id = ${param("text", ({ heartbeat }: Args) => heartbeat.executionId)}
        AND seq = ${param("int", ({ heartbeat }: Args) => heartbeat.seq)}
    ), timers AS (${upsertTimers<Args>(raw("EXISTS (SELECT 1 FROM task)"))})
    SELECT EXISTS (SELECT 1 FROM task) AS found`,
);

/** Moves a task's heartbeat timeout (its timer, if given) on: `stale` if the task is gone. */
export const heartbeatActivity = (tx: Transaction, heartbeat: Heartbeat): Promise<WriteResult> =>
  tx.run(
    bind(statement, { heartbeat, timers: heartbeat.timer ? [heartbeat.timer] : [] }),
    (result) => (firstRow(result).found ? "ok" : "stale"),
  );
