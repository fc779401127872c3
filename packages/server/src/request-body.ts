import type { IncomingMessage } from "node:http";
import { BadRequestError, PayloadTooLargeError } from "@eventual/core";
import type { Context } from "hono";
import { z } from "zod";

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
  const text = await bodyText(c, limit);
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
async function bodyText(c: Context, limit: number): Promise<string> {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  if (!incoming) {
    const text = await c.req.text();
    if (Buffer.byteLength(text) > limit) throw tooLarge(limit);
    return text;
  }
  if (Number(incoming.headers["content-length"] ?? 0) > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of incoming as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

function tooLarge(limit: number): PayloadTooLargeError {
  return new PayloadTooLargeError(`The request body is larger than ${limit} bytes.`);
}

function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new BadRequestError(`${what} is invalid: ${z.prettifyError(parsed.error)}`);
  }
  return parsed.data;
}
