import type { ActivityRuntime } from "@eventual/core/internal";
import { iso } from "../clock.js";
import type { ActivityTask } from "../store/store.js";
import { encodeActivityToken } from "./activity-token.js";

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
