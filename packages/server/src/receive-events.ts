import { NotFoundError, UnauthorizedError } from "@eventual/core";
import type { Engine } from "@eventual/engine";
import { Hono } from "hono";
import { pushBody } from "./control-schemas.js";
import { signatureHeader, signatureProblem } from "./event-signature.js";
import { bodyText, parseBody } from "./request-body.js";

/** What a service needs to take events the other services of its app push to it. */
export interface InboundOptions {
  /** The signing secret of the subscription to `source`; undefined when it pushes nothing here. */
  secretOf(source: string): string | undefined;
  /** How old (or how far ahead) a push's signature may be, in seconds (default 300). */
  windowSeconds?: number;
}

/**
 * `POST /_eventual/events/from/{service}`: where another service of the app pushes the events this
 * one subscribes to. Authenticated by the push's signature, not the API key: a push whose
 * signature, age or body does not hold is refused with 401 before anything is read into the
 * store. Answers once every event is stored, with what became of each.
 *
 * @example
 * app.route("/_eventual", receiveEvents(engine, { secretOf }, 1024 * 1024));
 */
export function receiveEvents(engine: Engine, inbound: InboundOptions, bodyLimit: number): Hono {
  const app = new Hono();
  app.post("/events/from/:service", async (c) => {
    const source = c.req.param("service");
    const secret = inbound.secretOf(source);
    if (secret === undefined) {
      throw new NotFoundError(`Service "${source}" publishes nothing to this service.`);
    }
    const text = await bodyText(c, bodyLimit);
    const problem = signatureProblem(
      secret,
      c.req.header(signatureHeader),
      text,
      // Wall-clock time, as the publisher's: signatures are compared across machines.
      Date.now(),
      inbound.windowSeconds,
    );
    if (problem) throw new UnauthorizedError(problem);
    const { events } = parseBody(text, pushBody);
    const outcomes = await engine.receiveEvents(source, events);
    return c.json({
      events: outcomes.map((outcome, index) => ({ id: events[index]!.id, ...outcome })),
    });
  });
  return app;
}
