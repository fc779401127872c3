import type { DeliveryRecord } from "@eventual/engine";
import { toJson } from "@eventual/store-sql/rows";
import { columns, type Sql, sql } from "./sql.js";

/** Arguments that carry deliveries to store. */
export interface WithDeliveries {
  deliveries: readonly DeliveryRecord[];
}

const delivery = columns((args: WithDeliveries) => args.deliveries);

/**
 * Inserts the deliveries of the arguments when `when` holds; one whose id exists is kept: a part
 * of a statement.
 */
export const insertDeliveries = <A extends WithDeliveries>(when: Sql<A>): Sql<A> => sql<A>`
    INSERT INTO eventual_deliveries (id, subscription, event_name, event, attempt, available_at,
      published_at, last_error, last_stack, dead, execution_id)
    SELECT * FROM unnest(${delivery("text", (d) => d.id)}, ${delivery("text", (d) => d.subscription)},
      ${delivery("text", (d) => d.eventName)}, ${delivery("text", (d) => toJson(d.event))},
      ${delivery("int", (d) => d.attempt)}, ${delivery("bigint", (d) => d.availableAt)},
      ${delivery("bigint", (d) => d.publishedAt)}, ${delivery("text", (d) => toJson(d.lastError))},
      ${delivery("text", (d) => d.lastStack ?? null)},
      ${delivery("boolean", (d) => d.dead === true)}, ${delivery("text", (d) => d.executionId ?? null)})
    WHERE ${when}
    ON CONFLICT (id) DO NOTHING`;
