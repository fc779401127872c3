/**
 * The statements that lease work, fire timers and say when work is next due. Each locks with
 * SKIP LOCKED, so nodes claiming at once take different rows and never wait for each other.
 */
import { columnList, columns, statement } from "./statement.js";

/** Leases claimable rows of `table` in order of `available_at`: SKIP LOCKED, so claims never wait. */
const claim = (table: string, ready: string, key: string[], returned: readonly string[]) => {
  const keys = key.join(", ");
  const picked = key.map((column) => `t.${column} = picked.${column}`).join(" AND ");
  return `WITH picked AS MATERIALIZED (
      SELECT ${keys} FROM ${table}
      WHERE ${ready} AND available_at <= $1::bigint
        AND (lease_until IS NULL OR lease_until <= $1::bigint)
      ORDER BY available_at, ${keys} LIMIT $2::int
      FOR NO KEY UPDATE SKIP LOCKED
    ), leased AS (
      UPDATE ${table} t SET attempt = t.attempt + 1, lease_owner = $3::text, lease_until = $4::bigint
      FROM picked WHERE ${picked}
      RETURNING ${columnList(returned, "t")}
    )
    SELECT * FROM leased ORDER BY available_at, ${keys}`;
};

export const claimWorkflowTasks = statement(
  "claim_workflow_tasks",
  `WITH ready AS MATERIALIZED (
      SELECT e.id, waiting.first
      FROM (SELECT execution_id, MIN(id) AS first FROM eventual_inbox GROUP BY execution_id) waiting
      JOIN eventual_executions e ON e.id = waiting.execution_id
      WHERE e.status = 'IN_PROGRESS' AND e.held IS NULL
        AND (e.lease_until IS NULL OR e.lease_until <= $1::bigint)
      ORDER BY waiting.first LIMIT $2::int
      FOR NO KEY UPDATE OF e SKIP LOCKED
    ), leased AS (
      UPDATE eventual_executions e SET lease_owner = $3::text, lease_until = $4::bigint
      FROM ready WHERE e.id = ready.id
      RETURNING ${columnList(columns.execution, "e")}, ready.first
    )
    SELECT leased.*,
      (SELECT json_agg(json_build_object('id', i.id, 'event', i.event::json) ORDER BY i.id)
       FROM eventual_inbox i WHERE i.execution_id = leased.id) AS inbox
    FROM leased ORDER BY leased.first`,
);

export const claimActivityTasks = statement(
  "claim_activity_tasks",
  claim("eventual_activities", "NOT waiting", ["execution_id", "seq"], columns.activity),
);

export const claimDeliveries = statement(
  "claim_deliveries",
  claim("eventual_deliveries", "NOT dead", ["id"], columns.delivery),
);

/** Whether any timer is due: most calls find none, and need no transaction to say so. */
export const anyTimerDue = statement(
  "any_timer_due",
  "SELECT EXISTS (SELECT 1 FROM eventual_timers WHERE due_time <= $1::bigint) AS due",
);

/**
 * Due timers, earliest first, locked with their executions. Timers of an execution that another
 * transaction holds are left for the next call: firing never waits.
 */
export const dueTimers = statement(
  "due_timers",
  `SELECT ${columnList(columns.timer, "t")} FROM eventual_timers t JOIN eventual_executions e ON e.id = t.execution_id
   WHERE t.due_time <= $1::bigint ORDER BY t.due_time, t.id LIMIT $2::int
   FOR UPDATE OF t SKIP LOCKED FOR NO KEY UPDATE OF e SKIP LOCKED`,
);

/** The earliest time at which anything becomes claimable; NULL when nothing is pending. */
export const nextWakeTime = statement(
  "next_wake_time",
  `SELECT LEAST(
     (SELECT MIN(due_time) FROM eventual_timers),
     (SELECT MIN(COALESCE(lease_until, available_at)) FROM eventual_activities WHERE NOT waiting),
     (SELECT MIN(COALESCE(lease_until, available_at)) FROM eventual_deliveries WHERE NOT dead),
     (SELECT MIN(COALESCE(e.lease_until, 0)) FROM eventual_executions e
      WHERE e.status = 'IN_PROGRESS' AND (e.lease_until IS NOT NULL OR e.held IS NULL)
        AND e.id IN (SELECT execution_id FROM eventual_inbox))
   ) AS next`,
);
