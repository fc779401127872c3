import type { NodeInfo } from "@eventual/core";
import type { Engine } from "@eventual/engine";
import { iso } from "@eventual/engine";
import type { Context } from "hono";
import { Hono } from "hono";
import { changeFeed } from "./change-feed.js";
import {
  cancelBody,
  completeBody,
  deadLettersQuery,
  eventsBody,
  heartbeatBody,
  historyQuery,
  listQuery,
  logsQuery,
  releaseBody,
  signalBody,
  startBody,
  startQuery,
} from "./control-schemas.js";
import { readBody, readQuery } from "./request-body.js";

/**
 * Eventual's control API ([docs/control-api.md](../../../docs/control-api.md)), mounted under
 * `/_eventual` by `serviceApp`. Every body and query is checked before the engine sees it;
 * refusals carry the error body.
 *
 * @example
 * app.route("/_eventual", controlApi(engine, { bodyLimit: 1024 * 1024 }));
 */
export function controlApi(engine: Engine, options: { bodyLimit: number }): Hono {
  const app = new Hono();
  const client = engine.client;
  const readJson = <S extends Parameters<typeof readBody>[1]>(c: Context, schema: S) =>
    readBody(c, schema, options.bodyLimit);

  app.get("/health", (c) => c.json({ ok: true }));

  app.get("/service", async (c) => c.json(await client.getService()));

  app.get("/workflows", async (c) => c.json({ workflows: await client.listWorkflows() }));

  // The nodes that are up (seen in the last 30 s), `self` being the one that answers.
  app.get("/nodes", async (c) => {
    const nodes = (await engine.listNodes()).map(
      (node): NodeInfo => ({
        id: node.id,
        host: node.host,
        pid: node.pid,
        startedAt: iso(node.startedAt),
        seenAt: iso(node.seenAt),
        self: node.self,
      }),
    );
    return c.json({ nodes });
  });

  app.post("/workflows/:name/executions", async (c) => {
    const { wait } = readQuery(c, startQuery);
    const { input, executionName } = await readJson(c, startBody);
    return c.json(await client.startExecution(c.req.param("name"), input, { executionName, wait }));
  });

  app.get("/executions", async (c) => c.json(await client.listExecutions(readQuery(c, listQuery))));

  app.get("/executions/:id", async (c) => c.json(await client.getExecution(c.req.param("id"))));

  // The whole history unless the query asks for a page: `{ events, nextToken? }` either way.
  app.get("/executions/:id/history", async (c) => {
    const { limit, nextToken, order } = readQuery(c, historyQuery);
    const executionId = c.req.param("id");
    if (limit === undefined && nextToken === undefined && order === undefined) {
      return c.json({ events: await client.getHistory(executionId) });
    }
    return c.json(
      await client.getExecutionHistory({
        executionId,
        maxResults: limit,
        nextToken,
        sortDirection: order,
      }),
    );
  });

  app.get("/executions/:id/logs", async (c) =>
    c.json({ logs: await client.getLogs(c.req.param("id")) }),
  );

  app.get("/logs", async (c) =>
    c.json({ logs: await client.getServiceLogs(readQuery(c, logsQuery)) }),
  );

  app.get("/dead-letters", async (c) =>
    c.json(await client.listDeadLetters(readQuery(c, deadLettersQuery))),
  );

  app.post("/dead-letters/:id/redrive", async (c) => {
    await client.redriveDeadLetter(c.req.param("id"));
    return c.json({}, 202);
  });

  app.post("/executions/:id/signals", async (c) => {
    const { signal, payload, id } = await readJson(c, signalBody);
    await client.sendSignal(c.req.param("id"), signal, payload, { id });
    return c.json({}, 202);
  });

  app.post("/executions/:id/release", async (c) => {
    await readJson(c, releaseBody);
    return c.json(await client.releaseExecution(c.req.param("id")));
  });

  app.post("/executions/:id/cancel", async (c) => {
    const { reason } = await readJson(c, cancelBody);
    await client.cancelExecution(c.req.param("id"), reason);
    return c.json({}, 202);
  });

  app.post("/events", async (c) => {
    const { events } = await readJson(c, eventsBody);
    await client.publishEvents(events);
    return c.json({}, 202);
  });

  app.post("/activities/complete", async (c) => {
    const body = await readJson(c, completeBody);
    await engine.completeActivity(
      body.error
        ? { activityToken: body.token, error: body.error }
        : { activityToken: body.token, result: body.result },
    );
    return c.json({});
  });

  app.post("/activities/heartbeat", async (c) => {
    const { token } = await readJson(c, heartbeatBody);
    return c.json(await client.sendActivityHeartbeat({ activityToken: token }));
  });

  // Server-Sent Events naming the executions this engine changed, for the dashboard to read again.
  app.get("/changes", changeFeed(engine));

  return app;
}
