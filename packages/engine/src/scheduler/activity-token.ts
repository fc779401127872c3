import { BadRequestError } from "@eventual/core";

/** Identifies one scheduled activity to code that completes or heartbeats it from outside. */
export interface ActivityRef {
  executionId: string;
  seq: number;
  name: string;
}

export function encodeActivityToken(ref: ActivityRef): string {
  return Buffer.from(JSON.stringify([ref.executionId, ref.seq, ref.name])).toString("base64url");
}

/** Reads a token, refusing anything that is not one. */
export function decodeActivityToken(token: string): ActivityRef {
  try {
    const [executionId, seq, name] = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    if (typeof executionId === "string" && Number.isInteger(seq) && typeof name === "string") {
      return { executionId, seq, name };
    }
  } catch {}
  throw new BadRequestError("The activity token is not valid.");
}
