import { createParser } from "eventsource-parser";

/** Calls `onChange` with the ids of executions that changed; returns a function that stops. */
export type ChangeListener = (executionIds: ReadonlySet<string>) => void;

const reconnectMs = [500, 1_000, 2_000, 5_000];

/**
 * Reads the service's change feed (`GET /_eventual/changes`, server-sent events) for as long as
 * anyone listens, and reconnects with backoff when it drops. It is read with `fetch`, not
 * `EventSource`, so that the API key goes in a header, never in the URL.
 */
export class ChangeFeed {
  readonly #listeners = new Set<ChangeListener>();
  #apiKey: string | undefined;
  #abort: AbortController | undefined;

  constructor(apiKey: string | undefined) {
    this.#apiKey = apiKey;
  }

  listen(listener: ChangeListener): () => void {
    this.#listeners.add(listener);
    if (!this.#abort) this.#open();
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) this.close();
    };
  }

  close(): void {
    this.#abort?.abort();
    this.#abort = undefined;
  }

  #open(): void {
    const abort = new AbortController();
    this.#abort = abort;
    void this.#read(abort.signal);
  }

  async #read(signal: AbortSignal): Promise<void> {
    for (let failures = 0; !signal.aborted; failures++) {
      try {
        await this.#stream(signal, () => {
          failures = 0;
        });
      } catch (error) {
        // The key was refused: asking again with it is refused again. A new key opens a new feed.
        if (error instanceof KeyRefused) return;
        // Dropped: the pages still refresh on their own, so wait and try again.
      }
      if (signal.aborted) return;
      await delay(reconnectMs[Math.min(failures, reconnectMs.length - 1)]!);
    }
  }

  async #stream(signal: AbortSignal, onReady: () => void): Promise<void> {
    const response = await fetch("/_eventual/changes", {
      headers: this.#apiKey === undefined ? {} : { authorization: `Bearer ${this.#apiKey}` },
      signal,
    });
    if (response.status === 401) throw new KeyRefused();
    if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
    const parser = createParser({
      onEvent: (message) => {
        if (message.event === "ready") onReady();
        if (message.event !== "executions") return;
        const { executionIds } = JSON.parse(message.data) as { executionIds: string[] };
        const changed = new Set(executionIds);
        for (const listener of this.#listeners) listener(changed);
      },
    });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      parser.feed(value);
    }
  }
}

/** The service refused the feed's API key (401). */
class KeyRefused extends Error {}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
