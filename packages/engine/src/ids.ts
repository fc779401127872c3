import { randomBytes } from "node:crypto";
import { realDate } from "./executor/sandbox.js";

const alphabet = "0123456789abcdefghjkmnpqrstvwxyz";

/**
 * A time-ordered, URL-safe id: 10 characters of milliseconds then 16 random ones (Crockford base32,
 * lower case), so ids sort by creation time.
 */
export function newId(): string {
  let time = realDate.now();
  let head = "";
  for (let i = 0; i < 10; i++) {
    head = alphabet[time % 32] + head;
    time = Math.floor(time / 32);
  }
  let tail = "";
  for (let i = 0; i < 16; i++) tail += alphabet[randomByte() % 32];
  return head + tail;
}

/** Random bytes drawn from a pool refilled 4 KiB at a time: one system call per 256 ids. */
let pool = Buffer.alloc(0);
let used = 0;
function randomByte(): number {
  if (used === pool.length) {
    pool = randomBytes(4096);
    used = 0;
  }
  return pool[used++]!;
}
