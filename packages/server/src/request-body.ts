import { BadRequestError } from "@eventual/core";
import type { Context } from "hono";
import { z } from "zod";

/**
 * Reads a JSON body and checks it against `schema`, refusing malformed JSON and schema
 * violations with a 400 that says exactly what is wrong. An empty body reads as `{}`.
 */
export async function readBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const text = await c.req.text();
  let value: unknown = {};
  if (text.trim() !== "") {
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new BadRequestError(`The request body is not valid JSON: ${(error as Error).message}`);
    }
  }
  return parse(schema, value, "The request body");
}

/** Checks query parameters against `schema`. */
export function readQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  return parse(schema, c.req.query(), "The query");
}

function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new BadRequestError(`${what} is invalid: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}
