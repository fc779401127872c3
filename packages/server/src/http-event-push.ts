import type { EventPush, PushedEvent, PushOutcome } from "@eventual/engine";
import { signatureHeader, signPush } from "./event-signature.js";

export interface HttpEventPushOptions {
  /** The pushing service's name: the receiver looks the subscription's secret up by it. */
  source: string;
  /** The base URL of a subscribed service. */
  urlOf(service: string): string | undefined;
  /** The signing secret of the subscription of `service` to the source. */
  secretOf(service: string): string | undefined;
  /** The largest body one request carries (default 512 KiB); more events go in more requests. */
  maxBodyBytes?: number;
  /** How long one push may take before it counts as failed (default 30 s). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * Pushes events to another service of the app over HTTP: one signed `POST
 * /_eventual/events/from/{source}` per batch, resolving with what the receiver did with each
 * event. A push the receiver did not answer with 200 rejects, and every event in it is retried.
 *
 * @example
 * const push = httpEventPush({ source: "order-service", urlOf, secretOf });
 * new Engine({ store, links: { subscribers, push } });
 */
export function httpEventPush(options: HttpEventPushOptions): EventPush {
  const send = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxBodyBytes = options.maxBodyBytes ?? 512 * 1024;
  const path = `_eventual/events/from/${encodeURIComponent(options.source)}`;
  return async (service: string, events: PushedEvent[]): Promise<PushOutcome[]> => {
    const url = options.urlOf(service);
    const secret = options.secretOf(service);
    if (url === undefined) throw new Error(`No URL is known for service "${service}".`);
    if (secret === undefined)
      throw new Error(`No signing secret is known for service "${service}".`);
    const target = new URL(path, url.endsWith("/") ? url : `${url}/`);
    const outcomes: PushOutcome[] = [];
    // One request unless the events are large: a body the receiver would refuse as too large
    // would fail every event in it on every retry.
    for (const body of bodiesOf(events, maxBodyBytes)) {
      let response: Response;
      try {
        response = await send(target, {
          method: "POST",
          body,
          headers: {
            "content-type": "application/json",
            [signatureHeader]: signPush(secret, body, Date.now()),
          },
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (error) {
        // fetch says only "fetch failed"; why (ECONNREFUSED, a timeout) is in its cause.
        throw new Error(`${service} at ${url} is unreachable: ${reasonOf(error)}`);
      }
      outcomes.push(...(await outcomesOf(service, response)));
    }
    return outcomes;
  };
}

/** The push bodies for `events`: as few as keep each under `maxBytes`, but for one event alone. */
function* bodiesOf(events: PushedEvent[], maxBytes: number): Generator<string> {
  const wrap = (parts: string[]) => `{"events":[${parts.join(",")}]}`;
  let parts: string[] = [];
  let bytes = 0;
  for (const event of events) {
    const part = JSON.stringify(event);
    const size = Buffer.byteLength(part) + 1;
    if (parts.length > 0 && bytes + size > maxBytes) {
      yield wrap(parts);
      parts = [];
      bytes = 0;
    }
    parts.push(part);
    bytes += size;
  }
  if (parts.length > 0) yield wrap(parts);
}

async function outcomesOf(service: string, response: Response): Promise<PushOutcome[]> {
  const answer = (await response.json().catch(() => undefined)) as PushAnswer | undefined;
  if (response.status !== 200 || !Array.isArray(answer?.events)) {
    const reason = answer?.error?.message ?? "no answer";
    throw new Error(`${service} refused the push (HTTP ${response.status}): ${reason}`);
  }
  return answer.events.map(({ status, error }) =>
    status === "refused" ? { status, error: error! } : { status },
  );
}

interface PushAnswer {
  events?: { status: PushOutcome["status"]; error?: { name: string; message: string } }[];
  error?: { message?: string };
}

function reasonOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
