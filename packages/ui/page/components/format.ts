/** "1.2 s", "3 min 4 s", "250 ms": a duration at the precision a person reads. */
export function formatDuration(ms: number): string {
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes} min ${Math.round((ms % 60_000) / 1_000)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Local date and time to the second, or "—" when there is none. */
export function formatTime(iso: string | undefined): string {
  if (iso === undefined) return "—";
  return new Date(iso).toLocaleString(undefined, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
}

/** How long an execution ran, or has been running. */
export function executionDuration(startTime: string, endTime: string | undefined): string {
  return formatDuration((endTime ? Date.parse(endTime) : Date.now()) - Date.parse(startTime));
}

/** A value as the page shows it: JSON, indented; `undefined` as "—". */
export function formatJson(value: unknown): string {
  return value === undefined ? "—" : JSON.stringify(value, null, 2);
}
