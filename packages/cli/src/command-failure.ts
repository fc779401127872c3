/**
 * The command ran, and what it reports is a failure (the followed execution failed, the replay
 * diverged): exits 1 with the message, after the command printed its output.
 */
export class CommandFailure extends Error {
  override name = "CommandFailure";
}
