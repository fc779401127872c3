import { BadRequestError, PayloadTooLargeError } from "@eventual/core";
import type { Context } from "hono";
import { z } from "zod";
import { nodeIncoming } from "./node-incoming.js";
import { readIncoming } from "./read-incoming.js";

/**
 * Reads a JSON body of at most `limit` bytes and checks it against `schema`, refusing malformed
 * JSON and schema violations with a 400 that says exactly what is wrong, and a larger body with a
 * 413. An empty body reads as `{}`.
 */
export async function readBody<S extends z.ZodType>(
  c: Context,
  schema: S,
  limit: number,
): Promise<z.output<S>> {
  return parseBody(await bodyText(c, limit), schema);
}

/** Parses a body read with `bodyText`: an empty one reads as `{}`. */
export function parseBody<S extends z.ZodType>(text: string, schema: S): z.output<S> {
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

/**
 * The body as text. On node:http it is read straight from the socket's message: building a
 * fetch `Request` with a body stream for it costs more than the rest of a control call.
 */
export async function bodyText(c: Context, limit: number): Promise<string> {
  const incoming = nodeIncoming(c);
  if (incoming) return (await readIncoming(incoming, limit)).toString("utf8");
  const text = await c.req.text();
  if (Buffer.byteLength(text) > limit) {
    throw new PayloadTooLargeError(`The request body is larger than ${limit} bytes.`);
  }
  return text;
}

function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new BadRequestError(`${what} is invalid: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}
