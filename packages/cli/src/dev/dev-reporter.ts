import type { EngineReporter } from "../host/engine-reports.js";
import { err } from "../output/colors.js";
import { formatDuration, formatError, inlineJson } from "../output/format.js";

/**
 * What `eventual dev` prints, one line each on standard error, when a subscriber fails, a workflow
 * fails or an execution is held: a newcomer sees it in the terminal where the service runs.
 */
export function devReporter(now: () => number = Date.now): EngineReporter {
  return {
    deliveryFailed(failure) {
      const of = failure.maxAttempts === undefined ? "" : ` of ${failure.maxAttempts}`;
      const what = `subscriber ${failure.subscription} failed on ${failure.eventName} ${inlineJson(failure.event, 40)}`;
      const next =
        failure.retryAt === undefined
          ? `now a dead letter (eventual redrive ${failure.deliveryId})`
          : `retrying in ${formatDuration(failure.retryAt - now())}`;
      const line = `${what} (attempt ${failure.attempt}${of}): ${formatError(failure.error)}; ${next}`;
      console.error(failure.retryAt === undefined ? err.red(line) : err.yellow(line));
    },
    workflowFailed({ executionId, workflowName, error }) {
      console.error(
        err.red(`workflow ${workflowName} failed (${executionId}): ${formatError(error)}`),
      );
    },
    executionHeld({ executionId, error }) {
      console.error(
        err.yellow(
          `execution ${executionId} is held: ${formatError(error)}; it resumes once the code matches its history`,
        ),
      );
    },
    executionReleased({ executionId }) {
      console.error(
        err.green(`execution ${executionId} resumes: its history replays on this code`),
      );
    },
  };
}
