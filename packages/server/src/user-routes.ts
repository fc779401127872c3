import type { ApiRequest } from "@eventual/core";
import { BadRequestError, HttpResponse } from "@eventual/core";
import type { RouteDeclaration } from "@eventual/core/internal";
import type { Context } from "hono";
import { Hono } from "hono";
import { errorResponse, refusalResponse } from "./http-error.js";

/** A fetch-style handler: what every host adapter (node:http, tests, serverless) wraps. */
export type FetchHandler = (request: Request) => Promise<Response>;

/**
 * Routes requests to the `api.*` handlers a service declared, on Hono's router. A handler's return
 * value becomes the response: an `HttpResponse` or `Response` as it is, `undefined` as 204, and any
 * other value as JSON.
 *
 * @example
 * const app = userRoutes(getRegistry().routes);
 * const response = await app.fetch(new Request("http://localhost/hello"));
 */
export function userRoutes(
  routes: RouteDeclaration[],
  report: (error: unknown, during: string) => void = (error, during) =>
    console.error(`${during} failed:`, error),
): Hono {
  const app = new Hono();
  for (const route of routes) {
    app.on(route.method, route.path, async (c) => toResponse(await route.handler(apiRequest(c))));
  }
  app.notFound((c) => errorResponse(c, "not_found", `No route for ${c.req.method} ${c.req.path}.`));
  app.onError((error, c) => {
    const refusal = refusalResponse(error, c);
    if (refusal) return refusal;
    report(error, `route ${c.req.method} ${c.req.path}`);
    return errorResponse(c, "internal", error.message);
  });
  return app;
}

function apiRequest(c: Context): ApiRequest {
  const raw = c.req.raw;
  return {
    method: raw.method,
    url: raw.url,
    path: c.req.path,
    params: c.req.param() as Record<string, string>,
    query: c.req.query(),
    headers: raw.headers,
    raw,
    json: async <T>() => {
      try {
        return (await raw.json()) as T;
      } catch (error) {
        throw new BadRequestError(
          `The request body is not valid JSON: ${(error as Error).message}`,
        );
      }
    },
    text: () => raw.text(),
    arrayBuffer: () => raw.arrayBuffer(),
  };
}

/** Turns what a route returned into a fetch `Response`. */
export function toResponse(value: unknown): Response {
  if (value instanceof Response) return value;
  if (value instanceof HttpResponse) {
    return new Response(value.body, { status: value.status, headers: value.headers });
  }
  if (value === undefined) return new Response(null, { status: 204 });
  return Response.json(value);
}
