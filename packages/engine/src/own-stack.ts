import { fileURLToPath } from "node:url";
import type { SerializedError } from "@eventual/core";
import { serializeError } from "@eventual/core/internal";

/** The engine's own files: a frame in one of them is the engine at work, not the service. */
const engineFiles = fileURLToPath(new URL("./", import.meta.url));

/** The most frames of a stack that history keeps: enough to find the line, bounded like any record. */
const maxFrames = 30;

const frame = /^\s+at /;

/**
 * Where the service's code threw `error`, as history keeps it for people to read: its stack
 * without the engine's frames. Those above the service's code are where the engine raised the
 * error for it (a sandbox refusal, say); those below are how the engine ran it, and say nothing
 * about the failure. Undefined when `error` has no stack, or none of its frames is the service's.
 * No workflow code reads it, so replay is the same without.
 *
 * @example
 * ownStack(new Error("card declined"));
 * // "Error: card declined\n    at charge (file:///srv/bank/src/index.ts:12:11)"
 */
export function ownStack(error: unknown): string | undefined {
  if (!(error instanceof Error) || typeof error.stack !== "string") return undefined;
  const lines = error.stack.split("\n");
  const firstFrame = lines.findIndex((line) => frame.test(line));
  if (firstFrame === -1) return undefined;
  const frames = lines.slice(firstFrame);
  const isEngine = (line: string) => line.includes(engineFiles);
  let start = 0;
  while (start < frames.length && isEngine(frames[start]!)) start++;
  const after = frames.findIndex((line, i) => i > start && isEngine(line));
  const end = Math.min(after === -1 ? frames.length : after, start + maxFrames);
  if (end <= start) return undefined;
  return [...lines.slice(0, firstFrame), ...frames.slice(start, end)].join("\n");
}

/**
 * What service code threw (a workflow, an activity, a subscriber), as the engine records it: the
 * error, and where it was thrown when that can be told.
 *
 * @example
 * failureOf(new Error("card declined"));
 * // { error: { name: "Error", message: "card declined" }, stack: "Error: card declined\n    at …" }
 */
export function failureOf(error: unknown): { error: SerializedError; stack?: string } {
  const stack = ownStack(error);
  return stack === undefined
    ? { error: serializeError(error) }
    : { error: serializeError(error), stack };
}
