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
  for (const byte of randomBytes(16)) tail += alphabet[byte % 32];
  return head + tail;
}
