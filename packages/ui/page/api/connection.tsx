import { ServiceClient } from "@eventual/client";
import { RequestError } from "@eventual/core";
import type { ComponentChildren } from "preact";
import { createContext } from "preact";
import { useContext, useEffect, useMemo, useState } from "preact/hooks";
import { ChangeFeed } from "./changes.js";

/** The API key lives for the browser tab only, and never in a URL. */
const keyStorage = "eventual.apiKey";

export interface Connection {
  client: ServiceClient;
  /** The service's change feed, read while a page listens to it. */
  changes: ChangeFeed;
  apiKey: string | undefined;
  /** Bumped whenever the key changes, so pages load again with it. */
  generation: number;
  /** Why the service refused the key, while the page asks for one. */
  refusal: string | undefined;
  setApiKey(key: string): void;
  /** Asks for a key when `error` is the control API's `unauthorized`; ignores anything else. */
  refused(error: unknown): void;
}

const ConnectionContext = createContext<Connection | undefined>(undefined);

/** The control API of the service that serves this page, with the key the user gave. */
export function ConnectionProvider({ children }: { children: ComponentChildren }) {
  const [apiKey, setKey] = useState(() => sessionStorage.getItem(keyStorage) ?? undefined);
  const [generation, setGeneration] = useState(0);
  const [refusal, setRefusal] = useState<string>();
  const client = useMemo(
    () =>
      new ServiceClient({
        url: location.origin,
        ...(apiKey === undefined ? {} : { apiKey }),
        // A person is watching: show a failure at once rather than retrying behind their back.
        retry: { attempts: 1 },
      }),
    [apiKey],
  );
  const changes = useMemo(() => new ChangeFeed(apiKey), [apiKey]);
  useEffect(() => () => changes.close(), [changes]);
  const connection = useMemo<Connection>(
    () => ({
      client,
      changes,
      apiKey,
      generation,
      refusal,
      setApiKey(key) {
        sessionStorage.setItem(keyStorage, key);
        setKey(key);
        setRefusal(undefined);
        setGeneration((g) => g + 1);
      },
      refused(error) {
        if (isUnauthorized(error)) setRefusal((error as Error).message);
      },
    }),
    [client, changes, apiKey, generation, refusal],
  );
  return <ConnectionContext.Provider value={connection}>{children}</ConnectionContext.Provider>;
}

export function useConnection(): Connection {
  const connection = useContext(ConnectionContext);
  if (!connection) throw new Error("useConnection() outside <ConnectionProvider>.");
  return connection;
}

export function isUnauthorized(error: unknown): boolean {
  return error instanceof RequestError && error.code === "unauthorized";
}

/** What to show for a failed call: the control API's own message where it gave one. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
