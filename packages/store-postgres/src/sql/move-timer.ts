import type { WriteOf, WriteResult } from "@eventual/engine";
import type { Transaction } from "../transaction.js";
import { changed } from "./answers.js";
import { bind, param, prepare, sql } from "./sql.js";

type Move = WriteOf<"moveTimer">;

const statement = prepare(
  "move_timer",
  sql<Move>`UPDATE eventual_timers SET due_time = ${param("bigint", (move: Move) => move.dueTime)}
   WHERE id = ${param("text", (move: Move) => move.id)}`,
);

/** Sets a timer's due time: `stale` if it is gone. */
export const moveTimer = (tx: Transaction, move: Move): Promise<WriteResult> =>
  tx.run(bind(statement, move), changed);
