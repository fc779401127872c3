/** A value as a JSON column: SQL NULL for undefined, so that "absent" and `null` stay apart. */
export function toJson(value: unknown): string | null {
  return value === undefined ? null : JSON.stringify(value);
}

/** Reads a JSON column back; NULL is undefined. */
export function fromJson<T = unknown>(text: string | null): T | undefined {
  return text === null ? undefined : (JSON.parse(text) as T);
}
