import { err } from "./colors.js";

/**
 * A status line on standard error that rewrites itself while a command waits (`Waiting… 12s`).
 * Only on a terminal: piped or redirected, the command's printed lines are the progress.
 */
export class ProgressLine {
  readonly #enabled: boolean;
  #shown = false;

  constructor(stream: { isTTY?: boolean } = process.stderr) {
    this.#enabled = stream.isTTY === true;
  }

  show(text: string): void {
    if (!this.#enabled) return;
    process.stderr.write(`\r\x1b[2K${err.dim(text)}`);
    this.#shown = true;
  }

  /** Removes the line, so that what is printed next starts on a clean one. */
  clear(): void {
    if (!this.#shown) return;
    process.stderr.write("\r\x1b[2K");
    this.#shown = false;
  }
}
