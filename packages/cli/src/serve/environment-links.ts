import { z } from "zod";
import type { AppLinks } from "../host/app-links.js";
import { UsageError } from "../host/resolve-entry.js";

const eventNames = z.array(z.string().min(1)).min(1);

/** `EVENTUAL_LINKS`: a service's place among others, for a node that runs no app file. */
const linksSchema = z.strictObject({
  subscribers: z
    .array(
      z.strictObject({
        service: z.string().min(1),
        events: eventNames,
        retry: z
          .strictObject({
            maxAttempts: z.number().int().min(1),
            initialInterval: z.number().positive().optional(),
            backoffCoefficient: z.number().min(1).optional(),
            maxInterval: z.number().positive().optional(),
          })
          .optional(),
      }),
    )
    .default([]),
  publishers: z
    .array(z.strictObject({ service: z.string().min(1), events: eventNames }))
    .default([]),
});

/**
 * The links a deployment gives a node in `EVENTUAL_LINKS` (the `Service` construct's
 * `subscribeTo` writes it): `{ "subscribers": [{ "service", "events" }], "publishers": [...] }`.
 * Undefined when the variable is not set.
 */
export function environmentLinks(service: string, text: string | undefined): AppLinks | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`EVENTUAL_LINKS is not JSON: ${(error as Error).message}`);
  }
  const parsed = linksSchema.safeParse(value);
  if (!parsed.success) {
    throw new UsageError(`EVENTUAL_LINKS is invalid: ${z.prettifyError(parsed.error)}`);
  }
  return { service, ...parsed.data };
}
