import type { ServiceDescription } from "@eventual/core";
import { useState } from "preact/hooks";
import { useService } from "../api/service.js";
import { LoadError } from "../components/alert.js";
import { DeadLetters } from "./dead-letters.js";
import { Nodes } from "./nodes.js";
import { PublishDialog } from "./publish-dialog.js";

/** What the service declares, the nodes that run it, and the deliveries that gave up. */
export function ServicePage() {
  const { data: service, error } = useService();
  const [publishing, setPublishing] = useState<string>();
  if (!service) {
    return error === undefined ? <p aria-busy="true">Loading…</p> : <LoadError error={error} />;
  }
  return (
    <section aria-labelledby="service-title">
      <div class="page-head">
        <h1 id="service-title">Service {service.name}</h1>
      </div>
      <div class="cards">
        <Card
          title="Workflows"
          items={service.workflows.map((w) => [w.name, timeout(w.timeout)])}
        />
        <Card
          title="Activities"
          items={service.activities.map((a) => [a.name, activityPolicy(a)])}
        />
        <section class="card" aria-labelledby="events-title">
          <h2 id="events-title">Events</h2>
          <ul>
            {service.events.map((e) => (
              <li key={e.name}>
                <code>{e.name}</code>
                {e.hasSchema && <small> with schema</small>}{" "}
                <button type="button" class="small" onClick={() => setPublishing(e.name)}>
                  Publish
                </button>
              </li>
            ))}
          </ul>
          {service.events.length === 0 && <p class="empty">None.</p>}
        </section>
        <Card title="Signals" items={service.signals.map((s) => [s.name, ""])} />
        <Card
          title="Subscriptions"
          items={service.subscriptions.map((s) => [s.name, `on ${s.events.join(", ")}`])}
        />
        <Card title="Routes" items={service.routes.map((r) => [`${r.method} ${r.path}`, ""])} />
      </div>
      <Nodes />
      <DeadLetters />
      {publishing !== undefined && (
        <PublishDialog event={publishing} onClose={() => setPublishing(undefined)} />
      )}
    </section>
  );
}

function Card({ title, items }: { title: string; items: [string, string][] }) {
  const id = `${title.toLowerCase()}-title`;
  return (
    <section class="card" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <ul>
        {items.map(([name, detail]) => (
          <li key={name}>
            <code>{name}</code> {detail && <small>{detail}</small>}
          </li>
        ))}
      </ul>
      {items.length === 0 && <p class="empty">None.</p>}
    </section>
  );
}

function timeout(seconds: number | undefined): string {
  return seconds === undefined ? "" : `times out after ${seconds} s`;
}

function activityPolicy(activity: ServiceDescription["activities"][number]): string {
  const parts: string[] = [];
  if (activity.timeout !== undefined) parts.push(`timeout ${activity.timeout} s`);
  if (activity.heartbeatTimeout !== undefined)
    parts.push(`heartbeat ${activity.heartbeatTimeout} s`);
  if (activity.retry?.maxAttempts !== undefined)
    parts.push(`${activity.retry.maxAttempts} attempts`);
  return parts.join(" · ");
}
