import { RequestError, ServiceFailedError, ServiceUnreachableError } from "@eventual/core";

export interface RetryPolicy {
  /** Tries in all, the first included (default 4). */
  attempts: number;
  /** Milliseconds before the first retry, doubling after each (default 100). */
  initialDelayMs: number;
}

export interface TransportOptions {
  url: string;
  apiKey?: string;
  retry?: Partial<RetryPolicy>;
  /** The fetch to use (default: the global one). */
  fetch?: typeof fetch;
}

/**
 * JSON over HTTP to the control API: turns error bodies into `RequestError`s, failures to connect
 * into `ServiceUnreachableError`, and retries those, with backoff, for calls that are safe to
 * repeat.
 */
export class HttpTransport {
  readonly #base: string;
  readonly #headers: Record<string, string>;
  readonly #retry: RetryPolicy;
  readonly #fetch: typeof fetch;

  constructor(options: TransportOptions) {
    this.#base = options.url.replace(/\/+$/, "");
    this.#headers = {
      "content-type": "application/json",
      ...(options.apiKey === undefined ? {} : { authorization: `Bearer ${options.apiKey}` }),
    };
    this.#retry = { attempts: 4, initialDelayMs: 100, ...options.retry };
    // Called as a plain function: a browser's fetch refuses any other `this` (Illegal invocation).
    this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
  }

  /** Sends a request; `idempotent` ones are retried when the service cannot be reached. */
  async request<T>(
    method: string,
    path: string,
    options: { body?: unknown; idempotent?: boolean } = {},
  ): Promise<T> {
    const attempts = options.idempotent ? this.#retry.attempts : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.#send<T>(method, path, options.body);
      } catch (error) {
        if (!(error instanceof ServiceUnreachableError) || attempt >= attempts) throw error;
        await sleep(this.#retry.initialDelayMs * 2 ** (attempt - 1));
      }
    }
  }

  async #send<T>(method: string, path: string, body: unknown): Promise<T> {
    const url = `${this.#base}${path}`;
    let response: Response;
    try {
      response = await this.#fetch(url, {
        method,
        headers: this.#headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      throw new ServiceUnreachableError(`Cannot reach ${this.#base}: ${reason(error)}.`, {
        cause: error,
      });
    }
    const text = await response.text();
    if (response.ok) return (text === "" ? undefined : JSON.parse(text)) as T;
    throw refusal(response.status, text);
  }
}

/** The error a non-2xx answer stands for: the control API's error body, or what came instead. */
function refusal(status: number, text: string): RequestError {
  try {
    const { error } = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    if (typeof error?.code === "string" && typeof error.message === "string") {
      return RequestError.from(error.code, error.message);
    }
  } catch {}
  return new ServiceFailedError(`HTTP ${status}: ${text.slice(0, 200) || "(empty body)"}`);
}

/** Why a connection failed, in a few words: `ECONNREFUSED`, `getaddrinfo ENOTFOUND host`. */
function reason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
