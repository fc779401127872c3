/**
 * Execution keys by id, remembered so that a step's statements find its rows by key. Found by id,
 * each statement would first walk the unique index of ids, comparing strings, to the key it then
 * looks up; a step's commit runs six or seven of them for one execution.
 *
 * A key never changes and is never given to another execution (executions are not deleted), so a
 * remembered key stays true, with one exception the store guards against: a key learned inside a
 * transaction that rolls back may belong to an execution that was never stored, and be given to
 * the next. The store forgets every key when a transaction fails (`forgetAll`).
 *
 * The executions remembered are the ones touched last, at most `capacity` of them; an execution
 * that ends is forgotten, as few writes follow its end.
 */
export class ExecutionKeys {
  readonly #keys = new Map<string, number>();
  readonly #lookup: (id: string) => number | undefined;
  readonly #capacity: number;

  constructor(lookup: (id: string) => number | undefined, capacity = 10_000) {
    this.#lookup = lookup;
    this.#capacity = capacity;
  }

  /** The execution's key, or null (which matches no row when bound) if it does not exist. */
  of(id: string): number | null {
    const known = this.#keys.get(id);
    if (known !== undefined) return known;
    const key = this.#lookup(id);
    if (key === undefined) return null;
    this.remember(id, key);
    return key;
  }

  remember(id: string, key: number): void {
    if (this.#keys.size >= this.#capacity) {
      // A Map keeps insertion order: the first entry is the one learned longest ago.
      this.#keys.delete(this.#keys.keys().next().value!);
    }
    this.#keys.set(id, key);
  }

  forget(id: string): void {
    this.#keys.delete(id);
  }

  forgetAll(): void {
    this.#keys.clear();
  }
}
