import type { Logger } from "pino";
import type { EngineReporter } from "../host/engine-reports.js";

/** What `eventual serve` logs, as JSON lines, when a subscriber or a workflow fails or a hold begins. */
export function jsonReporter(logger: Logger): EngineReporter {
  return {
    deliveryFailed({ retryAt, ...failure }) {
      if (retryAt === undefined) logger.error(failure, "delivery failed; now a dead letter");
      else
        logger.warn(
          { ...failure, retryAt: new Date(retryAt).toISOString() },
          "delivery failed; retrying",
        );
    },
    workflowFailed(failure) {
      logger.error(failure, "workflow failed");
    },
    executionHeld(hold) {
      logger.warn(hold, "execution held");
    },
    executionReleased(release) {
      logger.info(release, "held execution resumes");
    },
  };
}
