import { z } from "zod";

/**
 * The bodies and queries of the control API ([docs/control-api.md](../../../docs/control-api.md)),
 * checked before the engine sees them.
 */

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
  held: z
    .enum(["true", "false"])
    .transform((held) => held === "true")
    .optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  nextToken: z.string().min(1).optional(),
  order: z.enum(["asc", "desc"]).optional(),
});

/**
 * Paging of an execution's history. Not strict: the route took no query before paging came, so
 * a parameter it does not know is ignored rather than refused.
 */
export const historyQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  nextToken: z.string().min(1).optional(),
  order: z.enum(["asc", "desc"]).optional(),
});

/** `since` is an ISO 8601 time; the service's clock decides what is at or after it. */
export const logsQuery = z.strictObject({
  workflow: z.string().min(1).optional(),
  since: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).optional(),
});

export const deadLettersQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  nextToken: z.string().min(1).optional(),
});

export const signalBody = z.strictObject({
  signal: z.string().min(1),
  payload: z.unknown().optional(),
  id: z.string().min(1).max(256).optional(),
});

/** Nothing to say: an empty object, or no body at all. */
export const releaseBody = z.strictObject({});

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

/** A push of events from another service of the app (`POST /_eventual/events/from/{service}`). */
export const pushBody = z.strictObject({
  events: z
    .array(
      z.strictObject({
        id: z.string().min(1).max(200),
        name: z.string().min(1),
        event: z.unknown(),
        publishedAt: z.number().int().nonnegative(),
      }),
    )
    .min(1)
    .max(1000),
});
