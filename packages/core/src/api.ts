import type { HttpResponse } from "./http-response.js";
import type { HttpMethod } from "./registry.js";
import { declareRoute } from "./registry.js";

/** The names of the `:params` in a route path. */
export type PathParamNames<Path extends string> =
  Path extends `${string}:${infer Param}/${infer Rest}`
    ? Param | PathParamNames<`/${Rest}`>
    : Path extends `${string}:${infer Param}`
      ? Param
      : never;

/**
 * A request to a user route: a fetch `Request` (so libraries that take one accept it) with the
 * route's `params`, the `query` and the `path` added.
 */
export interface ApiRequest<Path extends string = string> extends Request {
  readonly path: string;
  /** The route's `:params`, decoded. */
  readonly params: string extends Path
    ? Record<string, string>
    : Record<PathParamNames<Path>, string>;
  /** The query string as a record (the last value wins for a repeated key). */
  readonly query: Record<string, string>;
  /** The request itself, for code written when it was a separate object. */
  readonly raw: Request;
  /** The body as JSON; a body that is not JSON is refused with 400. */
  json<T = any>(): Promise<T>;
}

/** What a route handler may return. */
export type ApiResult = HttpResponse | Response | unknown;

/**
 * The context a route starts with, before any middleware adds to it.
 *
 * @example
 * api.get("/ping", (request, context: EmptyContext) => "pong");
 */
export type EmptyContext = Record<never, never>;

/**
 * Handles a request. `context` is what the route's `api.use` middleware passed on. One of several
 * handlers on a route that returns `undefined` hands the request to the next one.
 */
export type ApiHandler<Path extends string, Context = EmptyContext> = (
  request: ApiRequest<Path>,
  context: Context,
) => ApiResult | Promise<ApiResult>;

/**
 * What a middleware receives: the request, the context so far, and the rest of the chain.
 *
 * @example
 * export async function cors<In>({ next, context }: MiddlewareInput<In>): Promise<MiddlewareOutput<In>> {
 *   const response = await next(context);
 *   response.headers.set("Access-Control-Allow-Origin", "*");
 *   return response;
 * }
 */
export interface MiddlewareInput<In> {
  request: ApiRequest;
  context: In;
  /** Runs the rest of the chain with `context`; resolves with its response, whose headers can be set. */
  next<Out>(context: Out): Promise<MiddlewareOutput<Out>>;
}

/**
 * The response of the rest of a middleware chain; `context` only carries its type.
 *
 * @example
 * const response: MiddlewareOutput<{ user: User }> = await next({ ...context, user });
 */
export interface MiddlewareOutput<Context> extends Response {
  readonly context?: Context;
}

/**
 * What a middleware returns: `next(...)`'s response, or a response of its own to stop early.
 *
 * @example
 * const refuse = (): MiddlewareResult<never> => new HttpResponse("Not Logged In", { status: 401 });
 */
export type MiddlewareResult<Out> = MiddlewareOutput<Out> | HttpResponse;

/**
 * A step before a route's handlers: it may answer by itself or call `next` with a new context.
 *
 * @example
 * const tenant: Middleware<EmptyContext, { tenant: string }> = ({ request, next }) =>
 *   next({ tenant: request.headers.get("x-tenant") ?? "default" });
 */
export type Middleware<In, Out> = (
  input: MiddlewareInput<In>,
) => MiddlewareResult<Out> | Promise<MiddlewareResult<Out>>;

/**
 * Declares a route of one method; several handlers run in order until one returns something.
 *
 * @example
 * api.get("/items/:id", requireToken, (request) => items.get(request.params.id));
 */
export type RouteFactory<Context> = <Path extends string>(
  path: Path,
  ...handlers: [ApiHandler<Path, Context>, ...ApiHandler<Path, Context>[]]
) => void;

/**
 * The service's routes, or a chain of middleware in front of the routes declared on it.
 *
 * @example
 * const secured: ApiRouter<{ user: User }> = api.use(cors).use(authorized);
 * secured.get("/me", (request, { user }) => user);
 */
export interface ApiRouter<Context = EmptyContext> {
  /** Matches every method. */
  all: RouteFactory<Context>;
  get: RouteFactory<Context>;
  post: RouteFactory<Context>;
  put: RouteFactory<Context>;
  patch: RouteFactory<Context>;
  delete: RouteFactory<Context>;
  head: RouteFactory<Context>;
  options: RouteFactory<Context>;
  /**
   * A new chain that runs `middleware` before the routes declared on it; this router's own routes
   * are unaffected.
   */
  use<Next>(middleware: Middleware<Context, Next>): ApiRouter<Next>;
}

function router<Context>(middlewares: Middleware<any, any>[]): ApiRouter<Context> {
  const route =
    (method: HttpMethod): RouteFactory<Context> =>
    (path, ...handlers) => {
      assertRoutePath(path);
      if (handlers.length === 0 || handlers.some((handler) => typeof handler !== "function")) {
        throw new Error(`Route ${method} ${path} needs handler functions.`);
      }
      declareRoute({ method, path, handlers, middlewares });
    };
  return {
    all: route("ALL"),
    get: route("GET"),
    post: route("POST"),
    put: route("PUT"),
    patch: route("PATCH"),
    delete: route("DELETE"),
    head: route("HEAD"),
    options: route("OPTIONS"),
    use: (middleware) => {
      if (typeof middleware !== "function") throw new Error("api.use() needs a function.");
      return router([...middlewares, middleware]);
    },
  };
}

function assertRoutePath(path: string): void {
  if (!path.startsWith("/")) throw new Error(`Route path "${path}" must start with "/".`);
  if (path === "/_eventual" || path.startsWith("/_eventual/")) {
    throw new Error(`Route path "${path}" is reserved for Eventual's control API.`);
  }
}

/**
 * Declares REST routes on the service's API. Paths take `:params`; `api.all` matches every
 * method; `api.use(middleware)` starts a chain whose routes run the middleware first.
 *
 * @example
 * api.post("/order/:orderId/cancel", async (request) => {
 *   await cancelSignal.sendSignal({ executionId: request.params.orderId });
 *   return { ok: true };
 * });
 * api.use(authorized).get("/me", (request, { user }) => user);
 */
export const api: ApiRouter = router([]);

/**
 * Builds a middleware whose `next(context)` adds to the context it received instead of replacing
 * it, so it composes with any middleware before it.
 *
 * @example
 * export const authorized = middleware(async ({ request, next }) => {
 *   const user = await users.byToken(request.headers.get("authorization"));
 *   if (!user) return new Response("Not Logged In", { status: 401 });
 *   return next({ user });
 * });
 * api.use(authorized).get("/me", (request, { user }) => user);
 */
export function middleware<Added>(
  fn: (input: MiddlewareInput<any>) => MiddlewareResult<Added> | Promise<MiddlewareResult<Added>>,
): <In>(input: MiddlewareInput<In>) => Promise<MiddlewareResult<In & Added>> {
  return async (input) => {
    const merged = await fn({
      ...input,
      next: (context) => input.next({ ...input.context, ...context }),
    });
    return merged as MiddlewareResult<any>;
  };
}
