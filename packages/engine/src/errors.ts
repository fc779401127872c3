/**
 * Errors the engine's service operations raise for bad requests; `code` is what the control API
 * puts in its error body, and `status` its HTTP status.
 */
export class EngineRequestError extends Error {
  constructor(
    readonly code: "bad_request" | "not_found" | "conflict",
    message: string,
  ) {
    super(message);
    this.name = "EngineRequestError";
  }

  get status(): 400 | 404 | 409 {
    return this.code === "bad_request" ? 400 : this.code === "not_found" ? 404 : 409;
  }
}

export const badRequest = (message: string) => new EngineRequestError("bad_request", message);
export const notFound = (message: string) => new EngineRequestError("not_found", message);
export const conflict = (message: string) => new EngineRequestError("conflict", message);
