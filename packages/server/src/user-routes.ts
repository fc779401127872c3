import type { ApiRequest, MiddlewareInput } from "@eventual/core";
import { BadRequestError, HttpResponse } from "@eventual/core";
import type { RouteDeclaration } from "@eventual/core/internal";
import type { Context } from "hono";
import { Hono } from "hono";
import { errorResponse, refusalResponse } from "./http-error.js";

/** A fetch-style handler: what every host adapter (node:http, tests, serverless) wraps. */
export type FetchHandler = (request: Request) => Promise<Response>;

/**
 * Routes requests to the `api.*` handlers a service declared, on Hono's router. A route's
 * `api.use` middleware runs first, outermost first; then its handlers run in order until one
 * returns something. That value becomes the response: an `HttpResponse` or `Response` as it is,
 * `undefined` (from every handler) as 204, and any other value as JSON.
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
    app.on(route.method, route.path, (c) => runRoute(route, apiRequest(c)));
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

/** Runs a route's middleware chain around its handlers. */
function runRoute(route: RouteDeclaration, request: ApiRequest): Promise<Response> {
  const step = async (index: number, context: unknown): Promise<Response> => {
    const middleware = route.middlewares[index];
    if (!middleware) return toResponse(await runHandlers(route, request, context));
    const input: MiddlewareInput<unknown> = {
      request,
      context,
      // A copy, so a middleware may set headers even on a response whose headers are immutable.
      next: async (next) => {
        const response = await step(index + 1, next);
        return new Response(response.body, response);
      },
    };
    return toResponse(await middleware(input));
  };
  return step(0, {});
}

async function runHandlers(
  route: RouteDeclaration,
  request: ApiRequest,
  context: unknown,
): Promise<unknown> {
  for (const handler of route.handlers) {
    const result = await handler(request, context);
    if (result !== undefined) return result;
  }
  return undefined;
}

/**
 * The request a handler sees: the fetch `Request` itself, so `instanceof Request` holds and
 * libraries take it, with the route's params, the query and the path added to it.
 */
function apiRequest(c: Context): ApiRequest {
  const raw = c.req.raw;
  const readJson = raw.json;
  return Object.defineProperties(raw, {
    path: { value: c.req.path, configurable: true },
    params: { value: c.req.param() as Record<string, string>, configurable: true },
    query: { value: c.req.query(), configurable: true },
    raw: { value: raw, configurable: true },
    json: {
      value: async () => {
        try {
          return await readJson.call(raw);
        } catch (error) {
          throw new BadRequestError(
            `The request body is not valid JSON: ${(error as Error).message}`,
          );
        }
      },
      configurable: true,
    },
  }) as ApiRequest;
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
