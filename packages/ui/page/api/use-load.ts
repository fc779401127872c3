import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { useConnection } from "./connection.js";

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  /** Loads again; what was shown stays until the new answer arrives, so nothing flickers. */
  reload(): void;
}

/**
 * Calls `load` when `deps` or the API key change, and whenever `reload` is called. An answer that
 * arrives after a newer call was made is dropped, so a slow page never overwrites a fresh one.
 */
export function useLoad<T>(load: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const connection = useConnection();
  const [state, setState] = useState<{ data?: T; error?: unknown }>({});
  const latest = useRef(0);
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  useEffect(() => {
    const call = ++latest.current;
    load().then(
      (data) => call === latest.current && setState({ data }),
      (error: unknown) => {
        if (call !== latest.current) return;
        connection.refused(error);
        setState((previous) => ({ ...previous, error }));
      },
    );
  }, [...deps, connection.generation, tick]);
  return { data: state.data, error: state.error, reload };
}
