import { BadRequestError } from "@eventual/core";

/**
 * Identifies one scheduled activity to code that completes or heartbeats it from outside, and
 * the attempt that handed the token out.
 */
export interface ActivityRef {
  executionId: string;
  seq: number;
  name: string;
  attempt: number;
}

export function encodeActivityToken(ref: ActivityRef): string {
  const fields = [ref.executionId, ref.seq, ref.name, ref.attempt];
  return Buffer.from(JSON.stringify(fields)).toString("base64url");
}

/** Reads a token, refusing anything that is not one; a token without an attempt is attempt 1. */
export function decodeActivityToken(token: string): ActivityRef {
  try {
    const [executionId, seq, name, attempt = 1] = JSON.parse(
      Buffer.from(token, "base64url").toString("utf8"),
    );
    if (
      typeof executionId === "string" &&
      Number.isInteger(seq) &&
      typeof name === "string" &&
      Number.isInteger(attempt)
    ) {
      return { executionId, seq, name, attempt };
    }
  } catch {}
  throw new BadRequestError("The activity token is not valid.");
}
