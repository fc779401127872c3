/**
 * Arrays sent to PostgreSQL in its binary format (what `array_send` writes and `array_recv`
 * reads). `pg` sends a `Buffer` parameter as binary and anything else as text: the text form of
 * an array quotes and escapes every element (each event's JSON, for one) on the way out, and the
 * server scans it back character by character. In binary, each element is its length and its
 * bytes.
 *
 * @example
 * const ids = binaryArray("text", ["a", "b"]); // a Buffer for a `$1::text[]` parameter
 */

/** The element types sent this way, with their type ids and how an element is written. */
const elementTypes = {
  text: { oid: 25, size: (value: unknown) => Buffer.byteLength(text(value)), write: writeText },
  int: { oid: 23, size: () => 4, write: writeInt },
  bigint: { oid: 20, size: () => 8, write: writeBigint },
  boolean: { oid: 16, size: () => 1, write: writeBoolean },
} satisfies Record<string, ElementType>;

interface ElementType {
  oid: number;
  size(value: unknown): number;
  write(buffer: Buffer, offset: number, value: unknown): void;
}

/** The element types `binaryArray` writes. */
export type BinaryElement = keyof typeof elementTypes;

/** Whether arrays of `type` are sent in binary. */
export function isBinaryElement(type: string): type is BinaryElement {
  return Object.hasOwn(elementTypes, type);
}

/** `values` as a one-dimensional PostgreSQL array of `type` in binary form; null is NULL. */
export function binaryArray(type: BinaryElement, values: readonly unknown[]): Buffer {
  const element: ElementType = elementTypes[type];
  const count = values.length;
  // Plain loops: a commit encodes a few dozen arrays, and closures per element showed in profiles.
  const sizes = new Array<number>(count);
  let length = count === 0 ? 12 : 20 + 4 * count;
  let hasNulls = 0;
  for (let index = 0; index < count; index++) {
    const value = values[index];
    const size = value == null ? -1 : element.size(value);
    sizes[index] = size;
    if (size < 0) hasNulls = 1;
    else length += size;
  }
  const buffer = Buffer.allocUnsafe(length);
  buffer.writeInt32BE(count === 0 ? 0 : 1, 0); // dimensions
  buffer.writeInt32BE(hasNulls, 4);
  buffer.writeInt32BE(element.oid, 8);
  if (count === 0) return buffer;
  buffer.writeInt32BE(count, 12);
  buffer.writeInt32BE(1, 16); // lower bound
  let offset = 20;
  for (let index = 0; index < count; index++) {
    const size = sizes[index]!;
    buffer.writeInt32BE(size, offset);
    offset += 4;
    if (size < 0) continue;
    element.write(buffer, offset, values[index]);
    offset += size;
  }
  return buffer;
}

function text(value: unknown): string {
  if (typeof value !== "string") throw new TypeError(`expected a string, got ${typeof value}`);
  return value;
}

function writeText(buffer: Buffer, offset: number, value: unknown): void {
  buffer.write(value as string, offset, "utf8");
}

function writeInt(buffer: Buffer, offset: number, value: unknown): void {
  buffer.writeInt32BE(integer(value), offset);
}

function writeBigint(buffer: Buffer, offset: number, value: unknown): void {
  if (typeof value === "number" && Number.isSafeInteger(value)) {
    // Two halves: cheaper than a BigInt for every number, and exact below 2^53.
    const high = Math.floor(value / 2 ** 32);
    buffer.writeInt32BE(high, offset);
    buffer.writeUInt32BE(value - high * 2 ** 32, offset + 4);
    return;
  }
  // Ids read back from bigint columns arrive as strings.
  buffer.writeBigInt64BE(BigInt(typeof value === "string" ? value : integer(value)), offset);
}

function writeBoolean(buffer: Buffer, offset: number, value: unknown): void {
  if (typeof value !== "boolean") throw new TypeError(`expected a boolean, got ${typeof value}`);
  buffer.writeUInt8(value ? 1 : 0, offset);
}

function integer(value: unknown): number {
  if (typeof value === "number" && Number.isInteger(value)) return value;
  throw new TypeError(`expected an integer, got ${String(value)}`);
}
