import { AsyncLocalStorage } from "node:async_hooks";
import type { ActivityRuntime } from "@eventual/core/internal";
import { iso } from "../clock.js";
import type { ActivityTask } from "../store/store.js";
import { encodeActivityToken } from "./activity-token.js";

const scopeKey = Symbol.for("eventual.activityScope");
const globals = globalThis as typeof globalThis & {
  [scopeKey]?: AsyncLocalStorage<ActivityRuntime>;
};

/**
 * The activity running in this async context: what `getActivityContext()`, `heartbeat()` and
 * `asyncResult()` read. One per process, shared by every copy of the engine module (a service may
 * load its own), since the primitives in `@eventual/core` must find the one the worker set.
 */
globals[scopeKey] ??= new AsyncLocalStorage<ActivityRuntime>();
export const activityScope: AsyncLocalStorage<ActivityRuntime> = globals[scopeKey];

/** What an attempt of `task` sees of itself while its handler runs. */
export function activityRuntime(
  task: ActivityTask,
  heartbeat: () => Promise<{ cancelled: boolean }>,
): ActivityRuntime {
  return {
    context: {
      attempt: task.attempt,
      activityToken: encodeActivityToken(task),
      activityName: task.name,
      executionId: task.executionId,
      workflowName: task.workflowName,
      scheduledTime: iso(task.scheduledTime),
    },
    heartbeat,
  };
}
