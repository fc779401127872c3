/**
 * A refusal to go on, with the exit code it ends in: 2 when the command was called wrongly, 1 when
 * it was called rightly but could not be carried out. Its message is one line, shown as it is.
 */
export class CreateError extends Error {
  constructor(
    readonly exitCode: 1 | 2,
    message: string,
  ) {
    super(message);
    this.name = "CreateError";
  }
}
