import { createInterface } from "node:readline/promises";
import { CreateError } from "./create-error.js";

const defaultName = "my-service";

/** Asks for the project's directory on the terminal; an empty answer takes the default. */
export async function askProjectName(): Promise<string> {
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  // Ctrl+C and Ctrl+D end the question; without this the pending answer would keep us waiting.
  const cancel = new AbortController();
  prompt.on("SIGINT", () => cancel.abort());
  prompt.on("close", () => cancel.abort());
  try {
    const answer = await prompt.question(`Project name: (${defaultName}) `, {
      signal: cancel.signal,
    });
    return answer.trim() || defaultName;
  } catch (error) {
    if (cancel.signal.aborted) throw new CreateError(1, "Cancelled; nothing was created.");
    throw error;
  } finally {
    prompt.close();
  }
}
