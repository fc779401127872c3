/**
 * How deep a value Eventual stores may nest, by default. JSON itself has no limit, but V8's
 * `JSON.stringify` recurses and overflows the stack a few thousand levels down (fewer when it is
 * called deep in a stack already), so a deeper value could be accepted and then fail wherever it
 * is written or read.
 */
export const defaultMaxJsonDepth = 256;

interface Visit {
  value: unknown;
  depth: number;
  key: string;
  parent?: Visit;
}

/**
 * What keeps `value` from being stored as JSON, in a phrase ("is nested deeper than 256
 * levels", "holds a bigint at $.amount, which JSON cannot carry"), or `undefined` when nothing
 * does. A circular value reads as too deep. Walks the value with a stack of its own, so that a
 * value of any depth is judged without overflowing the call stack; `toJSON` is applied as
 * `JSON.stringify` would.
 *
 * @example
 * jsonProblem({ amount: 10n }, 256); // "holds a bigint at $.amount, which JSON cannot carry"
 */
export function jsonProblem(value: unknown, maxDepth: number): string | undefined {
  const pending: Visit[] = [{ value, depth: 0, key: "" }];
  for (let visit = pending.pop(); visit !== undefined; visit = pending.pop()) {
    const item = withToJson(visit.value, visit.key);
    visit.value = item; // what a path through it names
    if (typeof item === "bigint")
      return `holds a bigint at ${pathOf(visit)}, which JSON cannot carry`;
    if (typeof item !== "object" || item === null) continue;
    if (visit.depth >= maxDepth) return `is nested deeper than ${maxDepth} levels`;
    const depth = visit.depth + 1;
    if (Array.isArray(item)) {
      for (let i = 0; i < item.length; i++) {
        pending.push({ value: item[i], depth, key: String(i), parent: visit });
      }
    } else {
      for (const key in item) {
        if (Object.hasOwn(item, key)) {
          pending.push({
            value: (item as Record<string, unknown>)[key],
            depth,
            key,
            parent: visit,
          });
        }
      }
    }
  }
  return undefined;
}

/** What `JSON.stringify` writes in place of `value`: its `toJSON(key)`, when it has one. */
function withToJson(value: unknown, key: string): unknown {
  const toJson = (value as { toJSON?: unknown } | null | undefined)?.toJSON;
  return typeof toJson === "function" ? toJson.call(value, key) : value;
}

/** `$.order.items[2]`: where a visit is, for a message; built only when one is needed. */
function pathOf(visit: Visit): string {
  const keys: string[] = [];
  for (let at: Visit | undefined = visit; at?.parent; at = at.parent) {
    keys.unshift(Array.isArray(at.parent.value) ? `[${at.key}]` : `.${at.key}`);
  }
  return `$${keys.join("")}`;
}
