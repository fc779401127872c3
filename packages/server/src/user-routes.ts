import type { ApiRequest } from "@eventual/core";
import { HttpResponse } from "@eventual/core";
import type { RouteDeclaration } from "@eventual/core/internal";
import type { Context } from "hono";
import { Hono } from "hono";

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
export function userRoutes(routes: RouteDeclaration[]): Hono {
  const app = new Hono();
  for (const route of routes) {
    app.on(route.method, route.path, async (c) => toResponse(await route.handler(apiRequest(c))));
  }
  app.notFound((c) =>
    c.json(
      { error: { code: "not_found", message: `No route for ${c.req.method} ${c.req.path}.` } },
      404,
    ),
  );
  app.onError((error, c) => {
    const status = requestErrorStatus(error);
    if (status)
      return c.json(
        { error: { code: (error as unknown as { code: string }).code, message: error.message } },
        status,
      );
    console.error(`Route ${c.req.method} ${c.req.path} failed:`, error);
    return c.json({ error: { code: "internal", message: error.message } }, 500);
  });
  return app;
}

/** A refused engine call (unknown execution, ended execution) keeps its status through a route. */
function requestErrorStatus(error: Error): 400 | 404 | 409 | undefined {
  const { status } = error as { status?: unknown };
  return status === 400 || status === 404 || status === 409 ? status : undefined;
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
    json: <T>() => raw.json() as Promise<T>,
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
