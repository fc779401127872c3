import type { HttpResponse } from "./http-response.js";
import type { HttpMethod } from "./registry.js";
import { getRegistry } from "./registry.js";

/** The names of the `:params` in a route path. */
export type PathParamNames<Path extends string> =
  Path extends `${string}:${infer Param}/${infer Rest}`
    ? Param | PathParamNames<`/${Rest}`>
    : Path extends `${string}:${infer Param}`
      ? Param
      : never;

/** A request to a user route. */
export interface ApiRequest<Path extends string = string> {
  readonly method: string;
  readonly url: string;
  readonly path: string;
  /** The route's `:params`, decoded. */
  readonly params: string extends Path
    ? Record<string, string>
    : Record<PathParamNames<Path>, string>;
  /** The query string as a record (the last value wins for a repeated key). */
  readonly query: Record<string, string>;
  readonly headers: Headers;
  /** The request as a fetch `Request`. */
  readonly raw: Request;
  json<T = any>(): Promise<T>;
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** What a route handler may return. */
export type ApiResult = HttpResponse | Response | unknown;

export type ApiHandler<Path extends string> = (
  request: ApiRequest<Path>,
) => ApiResult | Promise<ApiResult>;

function route(method: HttpMethod) {
  return <Path extends string>(path: Path, handler: ApiHandler<Path>): void => {
    if (!path.startsWith("/")) throw new Error(`Route path "${path}" must start with "/".`);
    if (path === "/_eventual" || path.startsWith("/_eventual/")) {
      throw new Error(`Route path "${path}" is reserved for Eventual's control API.`);
    }
    getRegistry().routes.push({ method, path, handler });
  };
}

/**
 * Declares REST routes on the service's API. Paths take `:params`.
 *
 * @example
 * api.post("/order/:orderId/cancel", async (request) => {
 *   await cancelSignal.sendSignal({ executionId: request.params.orderId });
 *   return { ok: true };
 * });
 */
export const api = {
  get: route("GET"),
  post: route("POST"),
  put: route("PUT"),
  patch: route("PATCH"),
  delete: route("DELETE"),
  head: route("HEAD"),
  options: route("OPTIONS"),
};
