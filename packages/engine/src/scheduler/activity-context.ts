import type { ActivityRuntime } from "@eventual/core/internal";
import { iso } from "../clock.js";
import type { ActivityTask } from "../store/store.js";
import { encodeActivityToken } from "./activity-token.js";

/** What an attempt of `task` sees of itself while its handler runs. */
export function activityRuntime(
  task: ActivityTask,
  heartbeat: () => Promise<{ cancelled: boolean }>,
): ActivityRuntime {
  const { executionId, seq, name, attempt, scheduledTime } = task;
  // The token and the time are made when first read: most handlers read neither, and every
  // attempt of every activity would pay for the JSON, base64 and date formatting.
  let activityToken: string | undefined;
  let scheduledIso: string | undefined;
  return {
    context: {
      attempt,
      get activityToken() {
        activityToken ??= encodeActivityToken({ executionId, seq, name, attempt });
        return activityToken;
      },
      activityName: name,
      executionId,
      workflowName: task.workflowName,
      get scheduledTime() {
        scheduledIso ??= iso(scheduledTime);
        return scheduledIso;
      },
    },
    heartbeat,
  };
}
