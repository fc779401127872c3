import { Agent, request } from "node:http";

/** A JSON answer: the status and the parsed body (undefined when empty). */
export interface JsonResponse<T = any> {
  status: number;
  body: T;
}

/**
 * The load generator's HTTP client: node:http over a keep-alive agent, one socket per concurrent
 * caller. Cheaper per request than `fetch`, so the generator takes less of the CPU it shares with
 * the process it measures.
 */
export class HttpClient {
  readonly #agent: Agent;
  readonly #hostname: string;
  readonly #port: number;
  readonly #timeoutMs: number;

  /**
   * `timeoutMs` bounds each request, so a server that stops answering (a blocked event loop)
   * fails the scenario instead of hanging the run; it must exceed the longest `?wait=`.
   */
  constructor(baseUrl: string, maxSockets: number, timeoutMs = 90_000) {
    this.#timeoutMs = timeoutMs;
    const url = new URL(baseUrl);
    this.#hostname = url.hostname;
    this.#port = Number(url.port);
    this.#agent = new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });
  }

  get<T = any>(path: string): Promise<JsonResponse<T>> {
    return this.#send("GET", path);
  }

  post<T = any>(path: string, body: unknown): Promise<JsonResponse<T>> {
    return this.#send("POST", path, JSON.stringify(body));
  }

  /** A request that must succeed: rejects with the status and body otherwise. */
  async expectOk<T = any>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
    const response = method === "GET" ? await this.get<T>(path) : await this.post<T>(path, body);
    if (response.status >= 300) {
      throw new Error(
        `${method} ${path} answered ${response.status}: ${JSON.stringify(response.body)}`,
      );
    }
    return response.body;
  }

  close(): void {
    this.#agent.destroy();
  }

  #send(method: string, path: string, payload?: string): Promise<JsonResponse> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = {};
      if (payload !== undefined) {
        headers["content-type"] = "application/json";
        headers["content-length"] = Buffer.byteLength(payload);
      }
      const outgoing = request(
        { agent: this.#agent, hostname: this.#hostname, port: this.#port, method, path, headers },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
          incoming.on("error", reject);
          incoming.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            try {
              resolve({
                status: incoming.statusCode ?? 0,
                body: text ? JSON.parse(text) : undefined,
              });
            } catch (error) {
              reject(error);
            }
          });
        },
      );
      outgoing.setTimeout(this.#timeoutMs, () =>
        outgoing.destroy(new Error(`${method} ${path} had no answer in ${this.#timeoutMs} ms.`)),
      );
      outgoing.on("error", reject);
      outgoing.end(payload);
    });
  }
}
