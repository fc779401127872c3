import type { z } from "zod";

/** A schema's complaints in one line, each with the field it is about: `amount: Too small…`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join(".")}: ` : "") + issue.message)
    .join("; ");
}
