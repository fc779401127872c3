import type { ClientConfig } from "pg";
import pg from "pg";

/** The channel every commit that makes work claimable notifies, once per transaction. */
export const workChannel = "eventual_work";
export const notifyWork = `NOTIFY ${workChannel}`;

const firstRetryMs = 100;
const lastRetryMs = 5000;

/**
 * Listens on `workChannel` over a connection of its own (a pooled one would be handed to other
 * work), calling `onWake` for each notification another process sent: `isOwn` tells this
 * process's connections, whose work the engine already knows of. When the connection drops, it
 * reconnects with a growing delay. Each time it starts listening it calls `onWake` too: work
 * committed while it was not listening sent notifications nobody heard.
 */
export class WorkListener {
  readonly #config: ClientConfig;
  readonly #onWake: () => void;
  readonly #onError: (error: Error) => void;
  readonly #isOwn: (backend: number) => boolean;
  #client?: pg.Client;
  #retry?: NodeJS.Timeout;
  #retryMs = firstRetryMs;
  #stopped = false;

  constructor(
    config: ClientConfig,
    handlers: {
      onWake: () => void;
      onError: (error: Error) => void;
      isOwn: (backend: number) => boolean;
    },
  ) {
    this.#config = { ...config, keepAlive: true };
    this.#onWake = handlers.onWake;
    this.#onError = handlers.onError;
    this.#isOwn = handlers.isOwn;
  }

  /** Resolves once listening, or once the first attempt failed and retries have been scheduled. */
  async start(): Promise<void> {
    if (await this.#connect()) this.#onWake();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#retry);
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => {});
  }

  /** Opens a listening connection; `true` once it listens. */
  async #connect(): Promise<boolean> {
    const client = new pg.Client(this.#config);
    let lost = false;
    const lose = (error?: Error) => {
      if (lost) return;
      lost = true;
      if (error && !this.#stopped) this.#onError(error);
      if (this.#client === client) this.#client = undefined;
      client.end().catch(() => {});
      this.#reconnectLater();
    };
    client.on("error", lose);
    client.on("end", () => lose());
    client.on("notification", (notification) => {
      if (!this.#isOwn(notification.processId)) this.#onWake();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${workChannel}`);
    } catch (error) {
      lose(error as Error);
      return false;
    }
    if (this.#stopped || lost) {
      lost = true;
      await client.end().catch(() => {});
      return false;
    }
    this.#client = client;
    this.#retryMs = firstRetryMs;
    return true;
  }

  #reconnectLater(): void {
    if (this.#stopped) return;
    const delay = this.#retryMs;
    this.#retryMs = Math.min(this.#retryMs * 2, lastRetryMs);
    this.#retry = setTimeout(async () => {
      if (await this.#connect()) this.#onWake();
    }, delay);
    // Only a live connection keeps the process running, never a pending retry.
    this.#retry.unref();
  }
}
