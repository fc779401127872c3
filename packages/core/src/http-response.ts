/**
 * A response from an API route. A route may also return a fetch `Response`, or any other value,
 * which is sent as JSON with status 200 (`undefined` becomes 204 No Content).
 *
 * @example
 * api.get("/hello", () => new HttpResponse(JSON.stringify({ hello: "world" }), { status: 200 }));
 */
export class HttpResponse {
  readonly body: string | Uint8Array | null;
  readonly status: number;
  readonly headers: Record<string, string>;

  constructor(
    body?: string | Uint8Array | null,
    init: { status?: number; headers?: Record<string, string> } = {},
  ) {
    this.body = body ?? null;
    this.status = init.status ?? 200;
    this.headers = init.headers ?? {};
  }

  /** A JSON response with the right content type. */
  static json(value: unknown, init: { status?: number; headers?: Record<string, string> } = {}) {
    return new HttpResponse(JSON.stringify(value), {
      status: init.status,
      headers: { "content-type": "application/json", ...init.headers },
    });
  }

  text(): string {
    if (this.body === null) return "";
    return typeof this.body === "string" ? this.body : new TextDecoder().decode(this.body);
  }

  json<T = any>(): T {
    return JSON.parse(this.text()) as T;
  }
}
