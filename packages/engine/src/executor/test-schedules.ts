/**
 * Drives a live `WorkflowInstance` through a schedule chosen by fast-check: which outstanding
 * activity or child completes next and how, which timer fires, when signals arrive, when time
 * passes, whether the execution is cancelled or times out, and which events share one task. The
 * driver knows nothing of the program: it answers the commands the instance issues, as the engine
 * would, and records the history a store would hold. Test support only.
 */
import fc from "fast-check";
import type {
  ActivityScheduled,
  ChildWorkflowScheduled,
  HistoryEvent,
  InputEvent,
  SignalSent,
} from "../history.js";
import { at, declarationOf, installWorkflowSandbox } from "./test-events.js";
import type { Program } from "./test-programs.js";
import { programWorkflow, signalNames } from "./test-programs.js";
import type { ExecutionIdentity, WorkflowStep } from "./workflow-instance.js";
import { WorkflowInstance } from "./workflow-instance.js";

/**
 * How a call ends: with a value, or with an error the workflow can tell apart; an activity's
 * "Timeout" arrives as `ActivityTimedOut`, as the engine's activity timers report it.
 */
export type Completion = { ok: true; value: unknown } | { ok: false; error: "Boom" | "Timeout" };

/** One thing that happens to the execution; `pick` chooses among the candidates, modulo. */
export type Action =
  | { do: "complete"; pick: number; completion: Completion }
  | { do: "retry"; pick: number }
  | { do: "fire"; pick: number }
  | { do: "signal"; signal: number; payload: number }
  | { do: "deliverSent"; pick: number }
  | { do: "wait"; seconds: number }
  | { do: "duplicate"; pick: number }
  | { do: "cancel" }
  | { do: "timeOut" };

/** An action, and whether its event reaches the inbox before the next task runs. */
export interface ScheduledAction {
  action: Action;
  /** True: the next action's event is applied in the same task (one `apply` call). */
  withNext: boolean;
}

/** One task of the live run: the events applied together and what applying them produced. */
export interface RecordedStep {
  events: InputEvent[];
  step: WorkflowStep;
  /** How much history the store held before this step. */
  historyBefore: number;
}

export interface LiveRun {
  steps: RecordedStep[];
  /** The history as a store holds it: each step's history, copied through JSON. */
  history: HistoryEvent[];
  instance: WorkflowInstance;
}

const identity: ExecutionIdentity = {
  id: "pp-program~run",
  name: "run",
  workflowName: programWorkflow.workflowName,
};
const declaration = declarationOf(programWorkflow);

/** A new live instance of the program workflow. */
function newProgramInstance(): WorkflowInstance {
  installWorkflowSandbox();
  return new WorkflowInstance(declaration, identity);
}

/** An instance rebuilt from `history`, given a copy, as a cache miss reads it from the store. */
export function replayProgram(history: HistoryEvent[]): Promise<WorkflowInstance> {
  installWorkflowSandbox();
  return WorkflowInstance.replay(declaration, identity, stored(history));
}

/** A value as a store returns it. */
export function stored<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

type Call = ActivityScheduled | ChildWorkflowScheduled;
interface Timer {
  seq: number;
  due: number;
}

/** What the execution is waiting for, as the commands it issued tell, and the time. */
class Outstanding {
  /** Seconds after T0. */
  now = 0;
  calls: Call[] = [];
  timers: Timer[] = [];
  /** Signals the execution sent itself, not yet in its inbox. */
  sent: SignalSent[] = [];
  /** Completions already delivered, which a duplicate delivers again. */
  delivered: InputEvent[] = [];
  /** Failed attempts recorded so far, by the activity's seq. */
  attempts = new Map<number, number>();

  learn(commands: WorkflowStep["commands"]): void {
    for (const command of commands) {
      if (command.type === "ActivityScheduled" || command.type === "ChildWorkflowScheduled") {
        this.calls.push(command);
      } else if (command.type === "TimerScheduled") {
        this.timers.push({ seq: command.seq, due: secondsOf(command.untilTime) });
      } else if (command.type === "SignalSent" && command.executionId === identity.id) {
        this.sent.push(command);
      }
    }
  }

  /** The event `action` makes happen now, if anything it needs is outstanding. */
  eventFor(action: Action): InputEvent | undefined {
    const timestamp = at(this.now);
    switch (action.do) {
      case "complete":
        return this.#complete(action.pick, action.completion);
      case "retry":
        return this.#retry(action.pick, timestamp);
      case "fire":
        return this.#fire(action.pick);
      case "signal":
        return {
          type: "SignalReceived",
          signal: signalNames[action.signal]!,
          payload: action.payload,
          timestamp,
        };
      case "deliverSent": {
        const [sent] = take(this.sent, action.pick);
        return (
          sent && { type: "SignalReceived", signal: sent.signal, payload: sent.payload, timestamp }
        );
      }
      case "wait":
        this.now += action.seconds;
        return undefined;
      case "duplicate": {
        const again = pick(this.delivered, action.pick);
        return again && { ...again, timestamp };
      }
      case "cancel":
        return { type: "WorkflowCancelRequested", reason: "scheduled", timestamp };
      case "timeOut":
        return { type: "WorkflowTimedOut", timestamp };
    }
  }

  #complete(index: number, completion: Completion): InputEvent | undefined {
    const [call] = take(this.calls, index);
    if (!call) return undefined;
    const event = completionOf(call, completion, at(this.now));
    this.delivered.push(event);
    return event;
  }

  /** A failed attempt of an outstanding activity, which the worker will retry. */
  #retry(index: number, timestamp: string): InputEvent | undefined {
    const activities = this.calls.filter((call) => call.type === "ActivityScheduled");
    const call = pick(activities, index);
    if (!call) return undefined;
    const attempt = (this.attempts.get(call.seq) ?? 0) + 1;
    this.attempts.set(call.seq, attempt);
    const error = { name: "Boom", message: `attempt ${attempt} of call ${call.seq} failed` };
    return { type: "ActivityRetrying", seq: call.seq, attempt, error, retryDelay: 1, timestamp };
  }

  /** Fires a timer that is due, or else the next one due, moving time to it. */
  #fire(index: number): InputEvent | undefined {
    const due = this.timers.filter((timer) => timer.due <= this.now);
    const timer = pick(due, index) ?? [...this.timers].sort((a, b) => a.due - b.due)[0];
    if (!timer) return undefined;
    this.timers.splice(this.timers.indexOf(timer), 1);
    this.now = Math.max(this.now, timer.due);
    const event: InputEvent = { type: "TimerCompleted", seq: timer.seq, timestamp: at(this.now) };
    this.delivered.push(event);
    return event;
  }

  /** Finishing touches once the schedule is used up: the oldest outstanding thing, succeeding. */
  nextToDrain(): Action | undefined {
    if (this.calls.length > 0)
      return { do: "complete", pick: 0, completion: { ok: true, value: "drained" } };
    if (this.timers.length > 0) return { do: "fire", pick: 0 };
    if (this.sent.length > 0) return { do: "deliverSent", pick: 0 };
    return undefined;
  }
}

function completionOf(call: Call, completion: Completion, timestamp: string): InputEvent {
  const { seq } = call;
  const child = call.type === "ChildWorkflowScheduled";
  if (completion.ok) {
    return {
      type: child ? "ChildWorkflowSucceeded" : "ActivitySucceeded",
      seq,
      result: completion.value,
      timestamp,
    };
  }
  const error = { name: completion.error, message: `call ${seq} failed` };
  if (child) return { type: "ChildWorkflowFailed", seq, error, timestamp };
  const type = completion.error === "Timeout" ? "ActivityTimedOut" : "ActivityFailed";
  return { type, seq, error, timestamp };
}

function secondsOf(iso: string): number {
  return (Date.parse(iso) - Date.parse(at(0))) / 1000;
}

function pick<T>(items: T[], index: number): T | undefined {
  return items.length === 0 ? undefined : items[index % items.length];
}

function take<T>(items: T[], index: number): T[] {
  return items.length === 0 ? [] : items.splice(index % items.length, 1);
}

/** Steps the drain may take after the schedule: enough for any generated program to finish. */
const drainLimit = 200;

/**
 * Runs `program` live under `schedule`, one task per event unless actions are grouped, then
 * completes whatever is still outstanding, oldest first, so that most runs reach an end.
 */
export async function runLive(program: Program, schedule: ScheduledAction[]): Promise<LiveRun> {
  const run: LiveRun = { steps: [], history: [], instance: newProgramInstance() };
  const outstanding = new Outstanding();
  await applyTask(run, outstanding, [
    { type: "WorkflowStarted", input: program, timestamp: at(0) },
  ]);
  let inbox: InputEvent[] = [];
  for (const { action, withNext } of schedule) {
    if (run.instance.outcome) break;
    const event = outstanding.eventFor(action);
    if (event) inbox.push(event);
    if (withNext) continue;
    await applyTask(run, outstanding, inbox);
    inbox = [];
  }
  await applyTask(run, outstanding, inbox);
  for (let i = 0; i < drainLimit && !run.instance.outcome; i++) {
    const action = outstanding.nextToDrain();
    if (!action) break;
    await applyTask(run, outstanding, [outstanding.eventFor(action)!]);
  }
  return run;
}

async function applyTask(run: LiveRun, outstanding: Outstanding, events: InputEvent[]) {
  if (events.length === 0 || run.instance.outcome) return;
  const historyBefore = run.history.length;
  const step = await run.instance.apply(events);
  run.steps.push({ events, step, historyBefore });
  run.history.push(...stored(step.history));
  outstanding.learn(step.commands);
}

/**
 * A value an activity or child returns. Mostly plain JSON; sometimes one that JSON stores in
 * another form (a Date as its ISO string, NaN as null, a hole as null), as a live host can hand an
 * activity's return value to its instance before any store has copied it.
 */
const resultArbitrary: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: -3, max: 3 }) },
  { weight: 3, arbitrary: fc.constantFrom("a", "b", null, true) },
  { weight: 2, arbitrary: fc.record({ n: fc.nat({ max: 9 }) }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(new Date(0), Number.NaN, [undefined], { gone: undefined }),
  },
);

const completionArbitrary: fc.Arbitrary<Completion> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ ok: fc.constant(true), value: resultArbitrary }) },
  {
    weight: 1,
    arbitrary: fc.record({
      ok: fc.constant(false),
      error: fc.constantFrom("Boom", "Timeout"),
    }),
  },
);

const actionArbitrary: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 30,
    arbitrary: fc.record({
      do: fc.constant("complete"),
      pick: fc.nat(),
      completion: completionArbitrary,
    }),
  },
  { weight: 6, arbitrary: fc.record({ do: fc.constant("retry"), pick: fc.nat() }) },
  { weight: 15, arbitrary: fc.record({ do: fc.constant("fire"), pick: fc.nat() }) },
  {
    weight: 20,
    arbitrary: fc.record({
      do: fc.constant("signal"),
      signal: fc.nat({ max: signalNames.length - 1 }),
      payload: fc.nat({ max: 9 }),
    }),
  },
  { weight: 4, arbitrary: fc.record({ do: fc.constant("deliverSent"), pick: fc.nat() }) },
  {
    weight: 8,
    arbitrary: fc.record({ do: fc.constant("wait"), seconds: fc.constantFrom(1, 5, 30) }),
  },
  { weight: 3, arbitrary: fc.record({ do: fc.constant("duplicate"), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ do: fc.constant("cancel") }) },
  { weight: 1, arbitrary: fc.record({ do: fc.constant("timeOut") }) },
);

/** Schedules of up to `maxLength` actions; about one in four shares its task with the next. */
export function scheduleArbitrary(maxLength = 60): fc.Arbitrary<ScheduledAction[]> {
  const withNext = fc.oneof(
    { weight: 3, arbitrary: fc.constant(false) },
    { weight: 1, arbitrary: fc.constant(true) },
  );
  return fc.array(fc.record({ action: actionArbitrary, withNext }), { maxLength, size: "medium" });
}
