import { HttpMethod } from "aws-cdk-lib/aws-apigatewayv2";

/** One route of the HTTP API: a method and a path in API Gateway's syntax. */
export interface ApiRoute {
  method: HttpMethod;
  path: string;
}

const methods = new Set<string>(Object.values(HttpMethod));

/**
 * The HTTP API's routes for a service's `api.*` routes: `/orders/:id` becomes `/orders/{id}`, a
 * trailing `*` a greedy `{proxy+}`. A path API Gateway cannot express is refused by name, so a
 * deployment never drops a route silently.
 */
export function apiRoutes(routes: { method: string; path: string }[]): ApiRoute[] {
  return routes.map(({ method, path }) => {
    const upper = method.toUpperCase();
    if (!methods.has(upper))
      throw new Error(`Route ${method} ${path}: API Gateway has no method ${method}.`);
    return { method: upper as HttpMethod, path: apiGatewayPath(path, `${method} ${path}`) };
  });
}

function apiGatewayPath(path: string, route: string): string {
  const segments = path.split("/").map((segment, index, all) => {
    if (segment === "*" && index === all.length - 1) return "{proxy+}";
    const parameter = /^:([A-Za-z_][A-Za-z0-9_]*)$/.exec(segment);
    if (parameter) return `{${parameter[1]}}`;
    if (/[:*?{}()]/.test(segment)) {
      throw new Error(
        `Route ${route}: the segment "${segment}" has no API Gateway equivalent; use plain segments, :name parameters and a trailing *.`,
      );
    }
    return segment;
  });
  return segments.join("/") || "/";
}
