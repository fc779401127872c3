import type { LogRecord, WriteResult } from "@eventual/engine";
import type { Transaction } from "../transaction.js";
import { bind, columns, prepare, sql } from "./sql.js";

const log = columns((logs: readonly LogRecord[]) => logs);

const statement = prepare(
  "append_logs",
  sql<readonly LogRecord[]>`INSERT INTO eventual_logs (execution_id, source, time, level, message)
   SELECT * FROM unnest(${log("text", (l) => l.executionId ?? null)}, ${log("text", (l) => l.source)},
     ${log("bigint", (l) => l.time)}, ${log("text", (l) => l.level)},
     ${log("text", (l) => l.message.replaceAll("\u0000", "\uFFFD"))})`,
);

/**
 * Appends logs in order. PostgreSQL text cannot hold U+0000, which console output may: it
 * becomes U+FFFD rather than failing the commit that carries it, again on every retry.
 */
export const appendLogs = (tx: Transaction, logs: readonly LogRecord[]): Promise<WriteResult> =>
  tx.run(bind(statement, logs), () => "ok");
