/**
 * A small language of workflow programs for property tests, and the one workflow that interprets
 * it. The workflow, its activities and its signals are declared once, here; each test run passes
 * a generated program as the execution's input, so runs never add to the registry. Test support
 * only; nothing here is exported by the package (the engine's build leaves `test-*.ts` out).
 */
import type { WorkflowContext } from "@eventual/core";
import {
  activity,
  asyncResult,
  condition,
  EventualError,
  getActivityContext,
  sendSignal,
  signal,
  sleepFor,
  workflow,
} from "@eventual/core";
import fc from "fast-check";

/** One statement of a program; `caught` wraps it in a try/catch that records the error's name. */
export type ProgramStep =
  | { op: "activity"; activity: number; caught: boolean }
  | { op: "float"; activity: number }
  | { op: "all"; activities: number[]; caught: boolean }
  | { op: "race"; activity: number; seconds: number; caught: boolean }
  | { op: "sleep"; seconds: number }
  | { op: "expect"; signal: number; timeout?: number; caught: boolean }
  | { op: "condition"; bumps: number; timeout?: number }
  | { op: "parallel"; branches: ProgramStep[][] }
  | { op: "child"; program: Program; signal?: number; timeout?: number; caught: boolean }
  | { op: "signalSelf"; signal: number }
  | { op: "observe" }
  | { op: "stopBumps" }
  | { op: "throw" };

/** A program: how it handles the bump signal, then its steps in order. */
export interface Program {
  /** "count" counts bumps for `condition`; "callActivity" also calls an activity per bump. */
  onBump: "ignore" | "count" | "callActivity";
  steps: ProgramStep[];
}

/**
 * Tokens of activities waiting for their result, by `<execution id> <call id>`: the activities
 * complete only when a test says so (`asyncResult`), in whatever order it chooses. The executor's
 * tests never run activity code; TestEnvironment runs fill this and must clear it between runs.
 */
export const waitingActivities = new Map<string, string>();

const programActivities = [0, 1, 2].map((i) =>
  activity(`pp.a${i}`, (callId: string) =>
    asyncResult((token) => {
      waitingActivities.set(`${getActivityContext().executionId} ${callId}`, token);
    }),
  ),
);

/** Signals a program waits for with `expectSignal` or sends itself; the last is also counted. */
export const bumpSignal = signal<unknown>("pp-bump");
export const programSignals = [signal<unknown>("pp-s0"), signal<unknown>("pp-s1"), bumpSignal];
export const signalNames = programSignals.map((s) => s.name);

/** The generic workflow: runs the program it is given and returns a trace of what it saw. */
export const programWorkflow = workflow("pp-program", (program: Program, context) =>
  interpret(program, context),
);

/** What one run of a program builds up: its trace, the bumps counted, the calls numbered. */
interface Run {
  trace: unknown[];
  bumps: number;
  calls: number;
  context: WorkflowContext;
  handler?: { dispose(): void };
}

async function interpret(program: Program, context: WorkflowContext): Promise<unknown[]> {
  const run: Run = { trace: [], bumps: 0, calls: 0, context };
  if (program.onBump !== "ignore") {
    run.handler = bumpSignal.onSignal(async (payload) => {
      run.bumps++;
      if (program.onBump === "callActivity") {
        await recordOutcome(run, true, () => callActivity(run, 0, payload));
      }
    });
  }
  await runSteps(run, program.steps);
  return run.trace;
}

async function runSteps(run: Run, steps: ProgramStep[]): Promise<void> {
  for (const step of steps) await runStep(run, step);
}

/** Calls activity `k` with a call id unique in this execution, so a test can tell calls apart. */
function callActivity(run: Run, k: number, tag?: unknown): Promise<unknown> {
  const callId = `c${run.calls++}`;
  return programActivities[k]!(callId).then((result) => describeValue(result, tag));
}

/** What the trace keeps of a value: its JavaScript type too, which a stored copy may change. */
function describeValue(value: unknown, tag?: unknown): unknown {
  const kind = value instanceof Date ? "date" : typeof value;
  return tag === undefined ? [kind, value] : [kind, value, tag];
}

/** Runs `body`, recording its value, or, when `caught`, the name of the error it threw. */
async function recordOutcome(run: Run, caught: boolean, body: () => Promise<unknown>) {
  if (!caught) {
    run.trace.push(await body());
    return;
  }
  try {
    run.trace.push(await body());
  } catch (error) {
    run.trace.push({ caught: (error as Error).name });
  }
}

async function runStep(run: Run, step: ProgramStep): Promise<void> {
  switch (step.op) {
    case "activity":
      return recordOutcome(run, step.caught, () => callActivity(run, step.activity));
    case "float":
      // Started and never awaited: its completion, or failure, changes nothing.
      callActivity(run, step.activity).catch(() => undefined);
      return;
    case "all":
      return recordOutcome(run, step.caught, () =>
        Promise.all(step.activities.map((k) => callActivity(run, k))),
      );
    case "race":
      return recordOutcome(run, step.caught, () =>
        Promise.race([
          callActivity(run, step.activity),
          sleepFor(step.seconds).then(() => "timer"),
        ]),
      );
    case "sleep":
      await sleepFor(step.seconds);
      return;
    case "expect":
      return recordOutcome(run, step.caught, () =>
        programSignals[step.signal]!.expectSignal(timeoutOption(step.timeout)),
      );
    case "condition":
      run.trace.push(await condition(timeoutOption(step.timeout), () => run.bumps >= step.bumps));
      return;
    case "parallel":
      await Promise.all(step.branches.map((branch) => runSteps(run, branch)));
      return;
    case "child":
      return recordOutcome(run, step.caught, async () => {
        const child = programWorkflow(step.program, timeoutOption(step.timeout));
        if (step.signal !== undefined)
          await child.sendSignal(programSignals[step.signal]!, run.calls);
        return child;
      });
    case "signalSelf":
      await sendSignal(run.context.execution.id, programSignals[step.signal]!, run.calls);
      return;
    case "observe":
      run.trace.push([Date.now(), Math.random()]);
      return;
    case "stopBumps":
      run.handler?.dispose();
      return;
    case "throw":
      throw new EventualError("ProgramThrew", `after ${run.trace.length} steps`);
  }
}

function timeoutOption(timeout: number | undefined): { timeout?: number } {
  return timeout === undefined ? {} : { timeout };
}

/** Durations short enough that a few ticks reach them, with ties likely. */
const seconds = fc.constantFrom(1, 5, 30);
const activityIndex = fc.nat({ max: programActivities.length - 1 });
const signalIndex = fc.nat({ max: programSignals.length - 1 });
const optionalTimeout = fc.option(seconds, { nil: undefined });
/** Mostly caught, so that a run goes on past its first failure more often than not. */
const caught = fc.oneof(
  { weight: 3, arbitrary: fc.constant(true) },
  { weight: 1, arbitrary: fc.constant(false) },
);

/** Steps that contain no other steps. */
const simpleSteps: fc.WeightedArbitrary<ProgramStep>[] = [
  {
    weight: 6,
    arbitrary: fc.record({ op: fc.constant("activity"), activity: activityIndex, caught }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("float"), activity: activityIndex }) },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant("all"),
      activities: fc.array(activityIndex, { minLength: 1, maxLength: 3 }),
      caught,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ op: fc.constant("race"), activity: activityIndex, seconds, caught }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ op: fc.constant("sleep"), seconds: fc.constantFrom(0, 1, 5, 30) }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant("expect"),
      signal: signalIndex,
      timeout: optionalTimeout,
      caught,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant("condition"),
      bumps: fc.integer({ min: 0, max: 3 }),
      timeout: optionalTimeout,
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("signalSelf"), signal: signalIndex }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("observe") }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("stopBumps") }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("throw") }) },
];

const parallelStep: fc.WeightedArbitrary<ProgramStep> = {
  weight: 2,
  arbitrary: fc.record({
    op: fc.constant("parallel"),
    branches: fc.array(fc.array(fc.oneof(...simpleSteps), { minLength: 1, maxLength: 3 }), {
      minLength: 2,
      maxLength: 3,
    }),
  }),
};

const childStep: fc.WeightedArbitrary<ProgramStep> = {
  weight: 2,
  arbitrary: fc.record({
    op: fc.constant("child"),
    // A child's own program starts no children, which keeps a run bounded.
    program: programArbitrary(false, 4),
    signal: fc.option(signalIndex, { nil: undefined }),
    timeout: fc.option(fc.constantFrom(5, 30), { nil: undefined }),
    caught,
  }),
};

/** Programs of up to `maxSteps` steps; with `withChildren`, steps may start child programs. */
export function programArbitrary(withChildren = true, maxSteps = 12): fc.Arbitrary<Program> {
  const steps = [...simpleSteps, parallelStep, ...(withChildren ? [childStep] : [])];
  return fc.record({
    onBump: fc.constantFrom("ignore", "count", "callActivity"),
    steps: fc.array(fc.oneof(...steps), { maxLength: maxSteps, size: "medium" }),
  });
}
