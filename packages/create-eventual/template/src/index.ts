/**
 * A small Eventual service. `POST /greet/:name` starts the `greet` workflow, which composes a
 * greeting, counts the waves it receives for ten seconds, announces the greeting with a
 * `GreetingSent` event and returns `{ greeting, waves }`.
 */
import { activity, api, event, HttpResponse, signal, sleepFor, workflow } from "@eventual/core";

/** How long, in seconds, a greeting waits for waves before it is sent. */
export const waveWindow = 10;

/**
 * An event: published once, delivered to every subscriber, each retried until it succeeds.
 */
export const greetingSent = event<{ name: string; greeting: string; waves: number }>(
  "GreetingSent",
);

/** A signal: a message sent to one running execution, recorded in its history. */
export const wave = signal("wave");

/**
 * An activity is where real work goes (network, database, clock). Its result is recorded, so
 * when the workflow is replayed after a restart the activity is not run again.
 */
export const composeGreeting = activity("composeGreeting", (name: string) => `Hello, ${name}!`);

/**
 * A workflow is an ordinary async function whose progress survives crashes and restarts: every
 * step it awaits is recorded, and on replay it picks up where it left off. Keep it deterministic
 * and leave side effects to activities.
 */
export const greet = workflow("greet", async (name: string) => {
  let waves = 0;
  // Handles every wave that arrives while the workflow runs, in the order they were received.
  wave.onSignal(() => {
    waves++;
  });
  const greeting = await composeGreeting(name);
  // A durable timer: stored by the engine, so no process has to stay awake for it.
  await sleepFor(waveWindow);
  await greetingSent.publishEvents({ name, greeting, waves });
  return { greeting, waves };
});

/** A subscriber: runs at least once for every `GreetingSent`, apart from the workflow. */
greetingSent.onEvent("logGreeting", ({ greeting, waves }) => {
  console.log(`${greeting} (waved at ${waves} ${waves === 1 ? "time" : "times"})`);
});

/** A route on the service's own API; starting a workflow returns at once with its id. */
api.post("/greet/:name", async (request) => {
  const { executionId } = await greet.startExecution({ input: request.params.name });
  return HttpResponse.json({ executionId }, { status: 202 });
});
