/** The control API's error codes, with their HTTP status. */
export const RequestErrorCode = {
  bad_request: 400,
  unauthorized: 401,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  uri_too_long: 414,
  headers_too_large: 431,
  internal: 500,
} as const;
export type RequestErrorCode = keyof typeof RequestErrorCode;

/**
 * A request to a service was refused or failed: what the service client, the in-process client
 * and the engine throw. `code` is the control API's error code; match on the class or the code,
 * never on the message.
 *
 * @example
 * try { await client.sendSignal(executionId, approve, { by: "carol" }); }
 * catch (error) { if (error instanceof ConflictError) console.log("already ended"); else throw error; }
 */
export class RequestError extends Error {
  constructor(
    readonly code: RequestErrorCode | "unreachable",
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "RequestError";
  }

  /** The HTTP status the control API answers with; 0 when the service could not be reached. */
  get status(): number {
    return this.code === "unreachable" ? 0 : RequestErrorCode[this.code];
  }

  /** The error a control API error body stands for. */
  static from(code: string, message: string): RequestError {
    const Class = requestErrorClasses[code as RequestErrorCode];
    if (Class) return new Class(message);
    return new RequestError(
      Object.hasOwn(RequestErrorCode, code) ? (code as RequestErrorCode) : "internal",
      message,
    );
  }
}

/** 400: malformed JSON, a schema violation, an invalid name or token. */
export class BadRequestError extends RequestError {
  constructor(message: string) {
    super("bad_request", message);
    this.name = "BadRequestError";
  }
}

/** 401: no API key, or a wrong one. */
export class UnauthorizedError extends RequestError {
  constructor(message: string) {
    super("unauthorized", message);
    this.name = "UnauthorizedError";
  }
}

/** 404: an unknown workflow, execution, event or route. */
export class NotFoundError extends RequestError {
  constructor(message: string) {
    super("not_found", message);
    this.name = "NotFoundError";
  }
}

/** 409: the execution has ended. */
export class ConflictError extends RequestError {
  constructor(message: string) {
    super("conflict", message);
    this.name = "ConflictError";
  }
}

/** 413: the request body is over the service's limit. */
export class PayloadTooLargeError extends RequestError {
  constructor(message: string) {
    super("payload_too_large", message);
    this.name = "PayloadTooLargeError";
  }
}

/** 500: the service failed while handling the request. */
export class ServiceFailedError extends RequestError {
  constructor(message: string) {
    super("internal", message);
    this.name = "ServiceFailedError";
  }
}

/** The service could not be reached at all (refused, reset, DNS); retried for idempotent calls. */
export class ServiceUnreachableError extends RequestError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("unreachable", message, options);
    this.name = "ServiceUnreachableError";
  }
}

// Codes without a class of their own (a request the HTTP server refused before reading it) stay
// plain `RequestError`s.
const requestErrorClasses: Partial<
  Record<RequestErrorCode, new (message: string) => RequestError>
> = {
  bad_request: BadRequestError,
  unauthorized: UnauthorizedError,
  not_found: NotFoundError,
  conflict: ConflictError,
  payload_too_large: PayloadTooLargeError,
  internal: ServiceFailedError,
};
