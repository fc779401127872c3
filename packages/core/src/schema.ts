/**
 * The part of a schema library Eventual uses: zod schemas (and any with `safeParse`) fit.
 * Kept structural so that `@eventual/core` depends on no validation library.
 */
export interface Schema<T = unknown> {
  safeParse(
    data: unknown,
  ): { success: true; data: T } | { success: false; error: { message: string; issues?: unknown } };
}

/** The type a schema accepts. */
export type SchemaOutput<S> = S extends Schema<infer T> ? T : never;
