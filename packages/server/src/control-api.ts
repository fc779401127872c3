import { describeService } from "@eventual/core/internal";
import type { Engine } from "@eventual/engine";
import { iso } from "@eventual/engine";
import { Hono } from "hono";
import {
  cancelBody,
  completeBody,
  eventsBody,
  heartbeatBody,
  listQuery,
  signalBody,
  startBody,
  startQuery,
} from "./control-schemas.js";
import { readBody, readQuery } from "./request-body.js";

/**
 * Eventual's control API (DESIGN.md §5), mounted under `/_eventual` by `serviceApp`. Every body
 * and query is checked before the engine sees it; refusals carry the error body.
 *
 * @example
 * app.route("/_eventual", controlApi(engine, { serviceName: "bank-account" }));
 */
export function controlApi(engine: Engine, options: { serviceName: string }): Hono {
  const app = new Hono();

  app.get("/health", (c) => c.json({ ok: true }));

  app.get("/service", (c) =>
    c.json({ name: options.serviceName, ...describeService(engine.registry) }),
  );

  app.get("/workflows", (c) =>
    c.json({ workflows: [...engine.registry.workflows.keys()].map((name) => ({ name })) }),
  );

  app.post("/workflows/:name/executions", async (c) => {
    const { wait } = readQuery(c, startQuery);
    const body = await readBody(c, startBody);
    const started = await engine.startExecution({
      workflow: c.req.param("name"),
      input: body.input,
      executionName: body.executionName,
    });
    if (wait === undefined) return c.json(started);
    const execution = await engine.waitForExecution(started.executionId, wait * 1000);
    return c.json({ ...started, execution });
  });

  app.get("/executions", async (c) => c.json(await engine.listExecutions(readQuery(c, listQuery))));

  app.get("/executions/:id", async (c) => c.json(await engine.requireExecution(c.req.param("id"))));

  app.get("/executions/:id/history", async (c) =>
    c.json({ events: await engine.getHistory(c.req.param("id")) }),
  );

  app.get("/executions/:id/logs", async (c) => {
    const logs = await engine.getLogs(c.req.param("id"));
    return c.json({
      logs: logs.map(({ time, level, source, message }) => ({
        time: iso(time),
        level,
        source,
        message,
      })),
    });
  });

  app.post("/executions/:id/signals", async (c) => {
    const body = await readBody(c, signalBody);
    await engine.sendSignal({ executionId: c.req.param("id"), ...body });
    return c.json({}, 202);
  });

  app.post("/executions/:id/cancel", async (c) => {
    const { reason } = await readBody(c, cancelBody);
    await engine.cancelExecution(c.req.param("id"), reason);
    return c.json({}, 202);
  });

  app.post("/events", async (c) => {
    const { events } = await readBody(c, eventsBody);
    await engine.publishEvents(events);
    return c.json({}, 202);
  });

  app.post("/activities/complete", async (c) => {
    const body = await readBody(c, completeBody);
    await engine.completeActivity(
      body.error
        ? { activityToken: body.token, error: body.error }
        : { activityToken: body.token, result: body.result },
    );
    return c.json({});
  });

  app.post("/activities/heartbeat", async (c) => {
    const { token } = await readBody(c, heartbeatBody);
    return c.json(await engine.heartbeatActivity(token));
  });

  return app;
}
