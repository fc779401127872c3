import type { RetryPolicy } from "@eventual/core";

/**
 * Seconds to wait before retrying after `attempt` failed, or undefined when no attempt is left.
 * Backs off exponentially from 1 s by a factor of 2, capped at 60 s, unless the policy says otherwise.
 */
export function retryDelaySeconds(
  policy: RetryPolicy | undefined,
  attempt: number,
): number | undefined {
  if (!policy || attempt >= policy.maxAttempts) return undefined;
  const initial = policy.initialInterval ?? 1;
  const factor = policy.backoffCoefficient ?? 2;
  const max = policy.maxInterval ?? 60;
  return Math.min(max, initial * factor ** (attempt - 1));
}
