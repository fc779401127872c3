import { readFile } from "node:fs/promises";
import { text } from "node:stream/consumers";
import { UsageError } from "../host/load-service.js";
import { parseJsonOption } from "./client-options.js";

/**
 * The JSON value an option gives inline (`--input '{…}'`) or as a file (`--inputFile path`, where
 * `-` is standard input), or `undefined` when neither is given. Both at once is a usage error, as
 * are a file that cannot be read and text that is not JSON; the message names the option.
 */
export async function jsonInput(
  inline: { flag: string; value: string | undefined },
  file: { flag: string; path: string | undefined },
): Promise<unknown> {
  if (inline.value !== undefined && file.path !== undefined) {
    throw new UsageError(`give ${inline.flag} or ${file.flag}, not both.`);
  }
  if (inline.value !== undefined) return parseJsonOption(inline.flag, inline.value);
  if (file.path === undefined) return undefined;
  return parseJsonOption(`${file.flag} ${file.path}`, await readJsonText(file.flag, file.path));
}

/** A JSON file's text; `-` reads standard input to its end. */
export async function readJsonText(flag: string, path: string): Promise<string> {
  try {
    return path === "-" ? await text(process.stdin) : await readFile(path, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new UsageError(`${flag} ${path} cannot be read: ${reason}.`);
  }
}
