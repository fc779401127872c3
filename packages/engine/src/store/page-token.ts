/** An opaque pagination token over a store's sort key. */
export function pageToken(sortKey: string): string {
  return Buffer.from(sortKey, "utf8").toString("base64url");
}

/** Reads a token back; a token that is not one of ours is a bad request. */
export function readPageToken(token: string): string {
  const key = Buffer.from(token, "base64url").toString("utf8");
  if (!key.includes("\u0000")) throw new InvalidPageToken(token);
  return key;
}

export class InvalidPageToken extends Error {
  constructor(token: string) {
    super(`nextToken "${token}" is not a token this store issued.`);
    this.name = "InvalidPageToken";
  }
}
