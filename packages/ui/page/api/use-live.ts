import { useEffect, useRef } from "preact/hooks";
import { useConnection } from "./connection.js";

/** How long a change waits for others to join it: a busy service costs a view 3 loads a second. */
const coalesceMs = 300;

/**
 * Keeps a view fresh: `refresh` runs shortly after the change feed names an execution that
 * `concerns` accepts, and every `fallbackMs` regardless, for changes the feed cannot carry (those
 * committed by another node of the service). Bursts of changes cost one refresh.
 */
export function useLive(
  refresh: () => void,
  concerns: (executionIds: ReadonlySet<string>) => boolean,
  fallbackMs = 10_000,
): void {
  const { changes } = useConnection();
  const latest = useRef({ refresh, concerns });
  latest.current = { refresh, concerns };
  useEffect(() => {
    let pending: ReturnType<typeof setTimeout> | undefined;
    const stop = changes.listen((ids) => {
      if (pending === undefined && latest.current.concerns(ids)) {
        pending = setTimeout(() => {
          pending = undefined;
          latest.current.refresh();
        }, coalesceMs);
      }
    });
    const fallback = setInterval(() => latest.current.refresh(), fallbackMs);
    return () => {
      stop();
      clearInterval(fallback);
      clearTimeout(pending);
    };
  }, [changes, fallbackMs]);
}
