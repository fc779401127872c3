import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/**
 * The secret `eventual dev` signs pushes between an app's services with: made once per data
 * folder and kept in it, readable by its owner only, so restarts keep it.
 */
export function devAppSecret(data: string): string {
  const file = join(data, "app-secret");
  try {
    return readFileSync(file, "utf8").trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  mkdirSync(data, { recursive: true });
  const secret = randomBytes(32).toString("hex");
  // `wx`: of two processes racing to make it, one fails here rather than overwrite the other's.
  writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
  return secret;
}
