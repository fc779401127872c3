import { z } from "zod";

/** The bodies and queries of the control API (DESIGN.md §5), checked before the engine sees them. */

export const startBody = z.strictObject({
  input: z.unknown().optional(),
  executionName: z.string().optional(),
});

export const startQuery = z.strictObject({
  wait: z.coerce.number().min(0).max(300).optional(),
});

export const listQuery = z.strictObject({
  workflow: z.string().min(1).optional(),
  status: z.enum(["IN_PROGRESS", "SUCCEEDED", "FAILED", "CANCELLED"]).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  nextToken: z.string().min(1).optional(),
  order: z.enum(["asc", "desc"]).optional(),
});

export const signalBody = z.strictObject({
  signal: z.string().min(1),
  payload: z.unknown().optional(),
  id: z.string().min(1).max(256).optional(),
});

export const cancelBody = z.strictObject({
  reason: z.string().max(10_000).optional(),
});

export const eventsBody = z.strictObject({
  events: z
    .array(z.strictObject({ name: z.string().min(1), event: z.unknown() }))
    .min(1)
    .max(1000),
});

const serializedError = z.strictObject({ name: z.string().min(1), message: z.string() });

export const completeBody = z
  .strictObject({
    token: z.string().min(1),
    result: z.unknown().optional(),
    error: serializedError.optional(),
  })
  .refine((body) => "result" in body !== "error" in body, {
    message: 'Give either "result" or "error", not both and not neither.',
  });

export const heartbeatBody = z.strictObject({ token: z.string().min(1) });
