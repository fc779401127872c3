import type pg from "pg";
import { binaryArray, isBinaryElement } from "./binary-array.js";

/**
 * SQL written as tagged templates whose holes are parameters. `prepare` numbers the parameters
 * `$1`, `$2`, … in the order they first appear (one used twice keeps its number) and casts each
 * to its type, so no placeholder is counted by hand; `bind` reads their values from the
 * statement's arguments.
 *
 * @example
 * const id = param("text", (args: { id: string }) => args.id);
 * const getOne = prepare("get_one", sql`SELECT * FROM t WHERE id = ${id} OR parent = ${id}`);
 * getOne.text; // "SELECT * FROM t WHERE id = $1::text OR parent = $1::text"
 * bind(getOne, { id: "a" }).values; // ["a"]
 */

/** A value a statement takes from its arguments `A`, sent as PostgreSQL type `type`. */
export interface Param<A> {
  readonly type: string;
  readonly value: (args: A) => unknown;
}

/** SQL text with parameters in it, not yet numbered: a statement's body or a part of one. */
export class Sql<A> {
  constructor(readonly parts: readonly (string | Param<A>)[]) {}
}

/** Builds SQL from text and parameters or other SQL in its holes. */
export function sql<A>(text: TemplateStringsArray, ...holes: (Param<A> | Sql<A>)[]): Sql<A> {
  const parts: (string | Param<A>)[] = [text[0]!];
  holes.forEach((hole, index) => {
    if (hole instanceof Sql) parts.push(...hole.parts);
    else parts.push(hole);
    parts.push(text[index + 1]!);
  });
  return new Sql(parts);
}

/** `parts` one after another with `separator` between them (as text, as `raw` puts it). */
export function join<A>(parts: readonly Sql<A>[], separator: string): Sql<A> {
  return new Sql(
    parts.flatMap((part, index) => (index === 0 ? part.parts : [separator, ...part.parts])),
  );
}

/** Text put into SQL as it is: a constant of the code, never a value from outside. */
export const raw = (text: string): Sql<unknown> => new Sql([text]);

/**
 * A parameter whose value `value` reads from the arguments. An array of a type `binaryArray`
 * writes is sent in binary.
 */
export function param<A>(type: string, value: (args: A) => unknown): Param<A> {
  const element = type.endsWith("[]") ? type.slice(0, -2) : undefined;
  if (element === undefined || !isBinaryElement(element)) return { type, value };
  return {
    type,
    value: (args) => {
      const values = value(args) as readonly unknown[] | null | undefined;
      return values == null ? null : binaryArray(element, values);
    },
  };
}

/**
 * Parameters that are columns of rows, for `unnest`: each an array of `type`, one element per
 * row that `rowsOf` picks from the arguments.
 *
 * @example
 * const task = columns((tasks: readonly Task[]) => tasks);
 * sql`SELECT * FROM unnest(${task("text", (t) => t.id)}, ${task("int", (t) => t.seq)})`;
 */
export function columns<A, T>(rowsOf: (args: A) => readonly T[]) {
  return (type: string, pick: (row: T) => unknown): Param<A> =>
    param(`${type}[]`, (args: A) => rowsOf(args).map(pick));
}

/** A statement prepared once per connection under its name, with its parameters in order. */
export interface Statement<A> {
  readonly name: string;
  readonly text: string;
  readonly params: readonly Param<A>[];
}

/** Numbers `body`'s parameters and names the statement, under a prefix no other project uses. */
export function prepare<A>(name: string, body: Sql<A>): Statement<A> {
  const numbers = new Map<Param<A>, number>();
  const text = body.parts
    .map((part) => {
      if (typeof part === "string") return part;
      let number = numbers.get(part);
      if (number === undefined) {
        number = numbers.size + 1;
        numbers.set(part, number);
      }
      return `$${number}::${part.type}`;
    })
    .join("");
  return { name: `eventual_${name}`, text, params: [...numbers.keys()] };
}

/** The query that runs `statement` with `args`. */
export function bind<A>(statement: Statement<A>, args: A): pg.QueryConfig {
  const values = statement.params.map((param) => param.value(args));
  return { name: statement.name, text: statement.text, values };
}
