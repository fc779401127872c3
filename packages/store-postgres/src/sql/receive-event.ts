import type { WriteOf, WriteResult } from "@eventual/engine";
import type { Transaction } from "../transaction.js";
import { firstRow } from "./answers.js";
import { insertDeliveries } from "./insert-deliveries.js";
import { bind, param, prepare, raw, sql } from "./sql.js";

type Receive = WriteOf<"receiveEvent">;

/**
 * One statement: the deliveries go in only if the received row did. Two commits receiving one
 * event at once both try the row; the second waits for the first's outcome, and inserts it (and
 * its deliveries) only if the first rolled back.
 */
const statement = prepare(
  "receive_event",
  sql<Receive>`WITH received AS (
      INSERT INTO eventual_received_events (source, event_id, received_at)
      VALUES (${param("text", (receive: Receive) => receive.source)},
        ${param("text", (receive: Receive) => receive.eventId)},
        ${param("bigint", (receive: Receive) => receive.receivedAt)})
      ON CONFLICT (source, event_id) DO NOTHING
      RETURNING 1
    ), stored AS (${insertDeliveries<Receive>(raw("EXISTS (SELECT 1 FROM received)"))}
    )
    SELECT EXISTS (SELECT 1 FROM received) AS received`,
);

/**
 * Records an event received from another service and stores its deliveries, once per source and
 * event id: `ok`, or `duplicate`, storing nothing, if it was received before.
 */
export const receiveEvent = (tx: Transaction, receive: Receive): Promise<WriteResult> =>
  tx.run(bind(statement, receive), (result) => (firstRow(result).received ? "ok" : "duplicate"));
