import { readdirSync, statSync } from "node:fs";
import { CreateError } from "./create-error.js";

/**
 * Refuses a target that exists and is not an empty directory, so that no file of the user's is
 * ever overwritten or mixed with the template. `shown` names it in the message as the user typed it.
 */
export function assertUsableTarget(path: string, shown: string): void {
  const stats = statSync(path, { throwIfNoEntry: false });
  if (stats === undefined) return;
  if (!stats.isDirectory()) {
    throw new CreateError(
      1,
      `"${shown}" exists and is not a directory; choose an empty or new directory.`,
    );
  }
  if (readdirSync(path).length > 0) {
    throw new CreateError(
      1,
      `The directory "${shown}" is not empty; choose an empty or new directory.`,
    );
  }
}
