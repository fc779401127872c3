/**
 * Ends the process quietly once whoever reads its output has gone (`eventual --help | head -3`):
 * there is nobody left to tell, and without a listener Node reports the EPIPE with a stack trace.
 */
export function exitQuietlyOnClosedPipe(): void {
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
      process.exit(0);
    });
  }
}
