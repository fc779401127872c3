import type { WriteOf, WriteResult } from "@eventual/engine";
import type { Transaction } from "../transaction.js";
import { bind, columns, param, prepare, sql } from "./sql.js";

type Renew = WriteOf<"renewLeases">;

const owner = param("text", (renew: Renew) => renew.owner);
const until = param("bigint", (renew: Renew) => renew.until);
const activity = columns((renew: Renew) => renew.activities);

const statement = prepare(
  "renew_leases",
  sql<Renew>`WITH activities AS (
      UPDATE eventual_activities a SET lease_until = ${until}
      FROM (SELECT held.execution_id, held.seq FROM eventual_activities held
            JOIN unnest(${activity("text", (a) => a.executionId)}, ${activity("int", (a) => a.seq)})
              AS r(execution_id, seq)
              ON held.execution_id = r.execution_id AND held.seq = r.seq
            WHERE held.lease_owner = ${owner} FOR NO KEY UPDATE OF held SKIP LOCKED) mine
      WHERE a.execution_id = mine.execution_id AND a.seq = mine.seq
    ), deliveries AS (
      UPDATE eventual_deliveries d SET lease_until = ${until}
      WHERE d.id IN (SELECT id FROM eventual_deliveries
                     WHERE id = ANY(${param("text[]", (renew: Renew) => renew.deliveries)})
                       AND lease_owner = ${owner}
                     FOR NO KEY UPDATE SKIP LOCKED)
    )
    SELECT 1`,
);

/**
 * Extends the leases an owner holds. A row another transaction has locked is skipped rather than
 * waited for: it is being settled, retried or claimed, and the next renewal comes soon.
 */
export const renewLeases = (tx: Transaction, renew: Renew): Promise<WriteResult> =>
  tx.run(bind(statement, renew), () => "ok");
