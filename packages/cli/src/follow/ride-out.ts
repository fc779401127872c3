import { setTimeout as sleep } from "node:timers/promises";
import type { EventualServiceClient } from "@eventual/core";
import { ServiceUnreachableError } from "@eventual/core";
import { CommandFailure } from "../command-failure.js";
import { err } from "../output/colors.js";

/** The reads a follow makes: each rides out a service that is restarting. */
export type FollowReads = Pick<
  EventualServiceClient,
  "getExecution" | "getHistory" | "getLogs" | "getServiceLogs"
>;

/** How long a follow keeps trying an unreachable service: `EVENTUAL_FOLLOW_RETRY_SECONDS`, or 30 s. */
export function followPatienceMs(env: NodeJS.ProcessEnv = process.env): number {
  const seconds = Number(env.EVENTUAL_FOLLOW_RETRY_SECONDS);
  return Number.isFinite(seconds) && seconds >= 0 && env.EVENTUAL_FOLLOW_RETRY_SECONDS !== ""
    ? seconds * 1000
    : 30_000;
}

/** What a follow that gave up tells its user to do: the command that picks up where it was. */
export interface RideOutOptions {
  /** How to follow again, e.g. `eventual get history transfer~t1 --follow`. */
  followAgain: string;
  patienceMs?: number;
}

/**
 * `client`'s follow reads, each retried while the service cannot be reached (an edit under
 * `eventual dev` restarts it; a crash, a deploy): the first failure says once, on standard error,
 * that the service is unreachable and that the follow retries; reads back off up to 2 s and give
 * up after `patienceMs` of failures in a row, with a message that says what to do. The follow's
 * own state (what it printed) lives in its caller, so it resumes where it was.
 */
export function rideOut(client: FollowReads, options: RideOutOptions): FollowReads {
  const patienceMs = options.patienceMs ?? followPatienceMs();
  let outageStart: number | undefined;

  async function read<T>(call: () => Promise<T>): Promise<T> {
    for (let delayMs = 250; ; delayMs = Math.min(delayMs * 2, 2_000)) {
      try {
        const value = await call();
        if (outageStart !== undefined) console.error(err.dim("eventual: reconnected."));
        outageStart = undefined;
        return value;
      } catch (error) {
        if (!(error instanceof ServiceUnreachableError)) throw error;
        const now = Date.now();
        if (outageStart === undefined) {
          outageStart = now;
          const seconds = Math.round(patienceMs / 1000);
          console.error(
            err.yellow(`eventual: ${trimDot(error.message)}; retrying for ${seconds}s.`),
          );
        }
        const left = outageStart + patienceMs - now;
        if (left <= 0) throw givenUp(error, patienceMs, options.followAgain);
        await sleep(Math.min(delayMs, left));
      }
    }
  }

  return {
    getExecution: (id) => read(() => client.getExecution(id)),
    getHistory: (id) => read(() => client.getHistory(id)),
    getLogs: (id) => read(() => client.getLogs(id)),
    getServiceLogs: (query) => read(() => client.getServiceLogs(query)),
  };
}

function givenUp(error: Error, patienceMs: number, followAgain: string): CommandFailure {
  const seconds = Math.round(patienceMs / 1000);
  return new CommandFailure(
    `gave up after ${seconds}s: ${trimDot(error.message)}. Start the service (eventual dev), then follow again: ${followAgain}`,
  );
}

function trimDot(text: string): string {
  return text.replace(/\.$/, "");
}
