import { createHmac, timingSafeEqual } from "node:crypto";

/** The header a push between services carries its signature in. */
export const signatureHeader = "eventual-signature";

/** How far a push's timestamp may be from the receiver's clock, in seconds (default). */
export const defaultSignatureWindowSeconds = 300;

/**
 * Signs a push's body: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. The timestamp is
 * signed with the body, so an old request replayed is refused by its age, and a changed body or
 * timestamp by the signature.
 *
 * @example
 * const header = signPush(secret, body, Date.now());
 * await fetch(url, { method: "POST", body, headers: { "eventual-signature": header } });
 */
export function signPush(secret: string, body: string, now: number): string {
  const timestamp = Math.floor(now / 1000);
  return `t=${timestamp},v1=${hmac(secret, timestamp, body)}`;
}

/** Why a push's signature is refused, or undefined when it holds. */
export function signatureProblem(
  secret: string,
  header: string | undefined,
  body: string,
  now: number,
  windowSeconds = defaultSignatureWindowSeconds,
): string | undefined {
  if (header === undefined) return `The push is not signed: send the ${signatureHeader} header.`;
  const fields = new Map(
    header.split(",").map((field) => {
      const at = field.indexOf("=");
      return [field.slice(0, at).trim(), field.slice(at + 1).trim()] as const;
    }),
  );
  const timestamp = Number(fields.get("t"));
  const signature = fields.get("v1");
  if (!Number.isSafeInteger(timestamp) || !signature || !/^[0-9a-f]{64}$/.test(signature)) {
    return `The ${signatureHeader} header is malformed: expected t=<unix seconds>,v1=<hex HMAC-SHA256>.`;
  }
  const age = Math.floor(now / 1000) - timestamp;
  if (Math.abs(age) > windowSeconds) {
    return `The push was signed ${age} s ago, outside the ${windowSeconds} s window.`;
  }
  const expected = Buffer.from(hmac(secret, timestamp, body), "hex");
  if (!timingSafeEqual(expected, Buffer.from(signature, "hex"))) {
    return "The push's signature does not match its body under the subscription's secret.";
  }
  return undefined;
}

/**
 * The secret of one subscription, derived from the app's secret: each publisher → subscriber
 * pair signs with its own, so a secret that leaks from one pair opens no other.
 */
export function subscriptionSecret(
  appSecret: string,
  publisher: string,
  subscriber: string,
): string {
  return createHmac("sha256", appSecret)
    .update(`eventual subscription ${publisher} -> ${subscriber}`)
    .digest("hex");
}

function hmac(secret: string, timestamp: number, body: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
}
