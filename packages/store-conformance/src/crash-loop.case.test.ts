import { activity, condition, event, signal, sleepFor, workflow } from "@eventual/core";
import type { CrashPoint, HistoryEvent, Store } from "@eventual/engine";
import { Engine, noCrashes } from "@eventual/engine";
import { expect, it } from "vitest";

/** A database of a durable store's, opened again and again by the crash loop. */
export interface CrashableDatabase {
  /** Opens the store on this database, with `crashPoint` on its commit path and migrations. */
  open(crashPoint: CrashPoint): Promise<Store>;
  /** Lets go of a store abandoned at a crash, as a dead process's would be: locks, connections. */
  abandon(store: Store): Promise<void>;
  /** Fails unless the database checks itself intact (SQLite's integrity_check, say). */
  checkIntegrity(): Promise<void>;
  drop(): Promise<void>;
}

/** A durable store as the crash loop runs it. */
export interface CrashableStore {
  /** A new, empty database. */
  create(): Promise<CrashableDatabase>;
  /** How many crashes the loop makes on the commit path; migrations add a few of their own. */
  crashes: number;
  /** How long a dead engine's claims last; the next engine's clock jumps past them. */
  leaseMs?: number;
}

/**
 * Durability proven by crashing, written once and run against each durable store: a loop that
 * stops the engine and its store at a named point of the commit path (see `CrashPoint`), many
 * times over, under load, opens them again on the same data and carries on. At the end every
 * execution must have completed with the right result, with no acknowledged start or signal
 * lost, no workflow step recorded twice, every event delivered, and the database intact.
 *
 * A crash here is in-process: at the point, the store throws (a transaction in progress rolls
 * back), and from then on no call of that engine's on it answers, as if the process were gone;
 * the engine is abandoned and a new one opens the database again. `EVENTUAL_CRASH_SEED` replays
 * a run's choices of points.
 *
 * @example
 * crashLoop("SqliteStore", { crashes: 600, create: async () => sqliteDatabase() });
 */
export function crashLoop(label: string, store: CrashableStore): void {
  it(
    `${label} loses nothing and runs no step twice, crashed ${store.crashes} times on its commit path`,
    async () => {
      const seed = Number(process.env.EVENTUAL_CRASH_SEED ?? 20261201);
      const database = await store.create();
      try {
        const summary = await crashUnderLoad(database, store, random(seed));
        const migrationCrashes = await crashMigrations(store);
        console.log(
          `${label}, seed ${seed}: ${summary.crashes} crashes under load (${summary.executions} executions), ${migrationCrashes} in migrations; by point ${JSON.stringify(summary.byPoint)}`,
        );
      } finally {
        await database.drop();
      }
    },
    Math.max(900_000, store.crashes * 3_000),
  ); // catches a hang; a long run gets three seconds a crash, for a busy machine
}

// ---------------------------------------------------------------------------------------------
// One process's life, and the store as it sees it.

/** Thrown at the point of a simulated crash, and by every point of a life that has ended. */
class SimulatedCrash extends Error {
  override name = "SimulatedCrash";
}

/** One process's life: its crash point, armed to end it the n-th time `point` is passed. */
class Life {
  readonly passed = new Map<string, number>();
  dead = false;
  readonly ended: Promise<string>;
  #end!: (point: string) => void;
  #countdown: number;

  constructor(readonly armed?: { point: string; countdown: number }) {
    this.#countdown = armed?.countdown ?? 0;
    this.ended = new Promise((resolve) => {
      this.#end = resolve;
    });
  }

  disarm(): void {
    this.#countdown = -1;
  }

  readonly crashPoint: CrashPoint = (point) => {
    if (this.dead) throw new SimulatedCrash(`after the crash: ${point}`);
    this.passed.set(point, (this.passed.get(point) ?? 0) + 1);
    if (this.armed?.point === point && --this.#countdown === 0) {
      this.dead = true;
      this.#end(point);
      throw new SimulatedCrash(point);
    }
  };
}

const never = new Promise<never>(() => {});

/** The store as a process sees it: once its life has ended, no call answers again. */
function mortal(store: Store, life: Life): Store {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        if (life.dead) return never;
        let answer: unknown;
        try {
          answer = value.apply(target, args);
        } catch (error) {
          if (life.dead) return never;
          throw error;
        }
        if (!(answer instanceof Promise)) return answer;
        return answer.then(
          (result) => (life.dead ? never : result),
          (error) => (life.dead ? never : Promise.reject(error)),
        );
      };
    },
  });
}

// ---------------------------------------------------------------------------------------------
// The load: activities in sequence and in parallel, a timer, a child workflow, a signal waited
// for, an event with a subscriber. The result follows from the input alone.

const delivered = new Map<string, number>();
const add = activity("crashLoop.add", (a: number, b: number) => a + b);
const bump = signal<number>("crashLoop.bump");
const finished = event<{ execution: string }>("crashLoop.finished");
finished.onEvent("crashLoop.countFinished", ({ execution }) => {
  delivered.set(execution, (delivered.get(execution) ?? 0) + 1);
});
const double = workflow("crashLoop.double", async (n: number) => add(n, n));
const flow = workflow("crashLoop.flow", async (n: number, context) => {
  let bumps = 0;
  bump.onSignal((by) => {
    bumps += by;
  });
  const a = await add(n, 1);
  const [b, c] = await Promise.all([add(a, 2), add(a, 3)]);
  await sleepFor(0.005);
  const d = await double(await add(b, c));
  await condition({ timeout: 3600 }, () => bumps > 0);
  await finished.publishEvents({ execution: context.execution.id });
  return { d, bumps };
});
const expectedResult = (n: number) => ({ d: 2 * (2 * n + 7), bumps: 1 });

/** How many lives a round of the load may end early before one is let live to finish it. */
const crashesPerRound = 6;

/** An execution of the load, and what the loop has been told of it. */
interface Tracked {
  name: string;
  id: string;
  n: number;
  startAcknowledged: boolean;
  signalAcknowledged: boolean;
}

function newRound(round: number, size: number): Tracked[] {
  return Array.from({ length: size }, (_, i) => ({
    name: `r${round}-${i}`,
    id: `${flow.workflowName}~r${round}-${i}`,
    n: round * 1000 + i,
    startAcknowledged: false,
    signalAcknowledged: false,
  }));
}

/** Starts and signals every execution not yet acknowledged, then waits for them all to end. */
async function drive(engine: Engine, executions: Tracked[]): Promise<void> {
  await Promise.all(
    executions.map(async (tracked) => {
      if (!tracked.startAcknowledged) {
        // The same name each time: a start stored by a commit nobody heard of is not made twice.
        await engine.startExecution({
          workflow: flow.workflowName,
          input: tracked.n,
          executionName: tracked.name,
        });
        tracked.startAcknowledged = true;
      }
      if (!tracked.signalAcknowledged) {
        // The same id each time, for the same reason.
        await engine.sendSignal({
          executionId: tracked.id,
          signal: bump.name,
          payload: 1,
          id: `bump-${tracked.name}`,
        });
        tracked.signalAcknowledged = true;
      }
    }),
  );
  for (const tracked of executions) await engine.waitForExecution(tracked.id, 600_000, 10);
}

// ---------------------------------------------------------------------------------------------

interface Summary {
  crashes: number;
  executions: number;
  byPoint: Record<string, number>;
}

async function crashUnderLoad(
  database: CrashableDatabase,
  store: CrashableStore,
  next: () => number,
): Promise<Summary> {
  const leaseMs = store.leaseMs ?? 30_000;
  let skipped = 0;
  const clock = { now: () => Date.now() + skipped };
  const points = new PointChooser(next);
  const tracked: Tracked[] = [];
  let crashes = 0;

  for (let round = 0; crashes < store.crashes; round++) {
    const executions = newRound(round, 12);
    tracked.push(...executions);
    // A few lives end early in each round, then one lives to finish it: every round ends.
    for (let lives = 0, done = false; !done; lives++) {
      const life = new Life(lives < crashesPerRound ? points.arm() : undefined);
      const raw = await database.open(life.crashPoint);
      await expectAcknowledgedKept(raw, tracked);
      const engine = new Engine({
        store: mortal(raw, life),
        clock,
        crashPoint: life.crashPoint,
        leaseMs,
        echoLogs: false,
        onError: () => {},
      });
      engine.start();
      const driven = drive(engine, executions).then(
        () => "done" as const,
        (error: unknown) => (life.dead ? never : Promise.reject(error)),
      );
      const watchdog = hang(120_000, life.armed);
      const outcome = await Promise.race([driven, life.ended, watchdog.hung]).finally(
        watchdog.cancel,
      );
      points.lived(life, outcome !== "done");
      if (outcome === "done") {
        life.disarm(); // the round is done: the engine stops without crashing on its way out
        await engine.stop();
        await raw.close();
        done = true;
      } else {
        crashes++;
        void engine.stop(); // clears its timers; what it waits for never answers
        await database.abandon(raw);
        skipped += leaseMs + 1; // the dead engine's leases have run out for the next one
      }
    }
  }
  await expectEveryExecutionDone(database, tracked, clock);
  await database.checkIntegrity();
  return { crashes, executions: tracked.length, byPoint: points.crashesByPoint() };
}

/**
 * Chooses where the next life crashes: the point crashed least so far among those the store
 * passes, after a number of passes it is likely to reach. A point armed often without being
 * reached is left for the others.
 */
class PointChooser {
  readonly #crashes = new Map<string, number>();
  readonly #misses = new Map<string, number>();
  readonly #passesPerLife = new Map<string, number>([["engine.submit", 1]]);

  constructor(private readonly next: () => number) {}

  arm(): { point: string; countdown: number } {
    const usable = [...this.#passesPerLife.keys()]
      .filter((point) => (this.#misses.get(point) ?? 0) <= (this.#crashes.get(point) ?? 0) + 2)
      .sort();
    const fewest = Math.min(...usable.map((point) => this.#crashes.get(point) ?? 0));
    const least = usable.filter((point) => (this.#crashes.get(point) ?? 0) === fewest);
    const point = least[Math.floor(this.next() * least.length)]!;
    const passes = Math.min(12, this.#passesPerLife.get(point) ?? 1);
    return { point, countdown: 1 + Math.floor(this.next() * passes) };
  }

  lived(life: Life, crashed: boolean): void {
    const point = life.armed?.point;
    if (point !== undefined && crashed)
      this.#crashes.set(point, (this.#crashes.get(point) ?? 0) + 1);
    else if (point !== undefined) this.#misses.set(point, (this.#misses.get(point) ?? 0) + 1);
    for (const [passed, count] of life.passed) {
      if (passed.startsWith("migrate.")) continue; // crashed on databases of their own

      if (!crashed) this.#passesPerLife.set(passed, count);
      else if (!this.#passesPerLife.has(passed)) this.#passesPerLife.set(passed, 1);
    }
  }

  crashesByPoint(): Record<string, number> {
    return Object.fromEntries([...this.#crashes].sort());
  }
}

/** Whatever was acknowledged before a crash is still there after it. */
async function expectAcknowledgedKept(store: Store, executions: Tracked[]): Promise<void> {
  for (const tracked of executions) {
    if (!tracked.startAcknowledged) continue;
    const execution = await store.getExecution(tracked.id);
    expect(execution, `the acknowledged start of ${tracked.id}`).toBeDefined();
  }
}

/** Every execution succeeded once, with the right result, its signal and its event delivered. */
async function expectEveryExecutionDone(
  database: CrashableDatabase,
  tracked: Tracked[],
  clock: { now(): number },
): Promise<void> {
  const store = await database.open(noCrashes);
  const engine = new Engine({ store, clock, echoLogs: false });
  try {
    engine.start();
    for (const { id } of tracked) {
      for (let waited = 0; !delivered.has(id) && waited < 60_000; waited += 10) {
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    }
    await engine.stop();
    for (const { id, n } of tracked) {
      const execution = await store.getExecution(id);
      expect(execution, id).toMatchObject({ status: "SUCCEEDED", result: expectedResult(n) });
      const history = await store.getHistory(id);
      expect(repeatedSteps(history), `steps recorded twice in ${id}`).toEqual([]);
      const signals = history.filter((event) => event.type === "SignalReceived");
      expect(signals, `signals received by ${id}`).toHaveLength(1);
      expect(delivered.get(id), `deliveries of ${id}'s event`).toBeGreaterThanOrEqual(1);
    }
  } finally {
    await store.close();
  }
}

/** A step's command or completion that appears more than once in a history. */
function repeatedSteps(history: HistoryEvent[]): string[] {
  const seen = new Set<string>();
  const repeated: string[] = [];
  for (const event of history) {
    if (!("seq" in event)) continue;
    const issued = event.type.endsWith("Scheduled") || event.type === "EventsPublished";
    const key = `${issued ? "issued" : "completed"} ${event.seq}`;
    if (seen.has(key)) repeated.push(`${event.type} ${event.seq}`);
    seen.add(key);
  }
  return repeated;
}

/**
 * Crashes each migration midway, a few times, on new databases: opening again applies it whole
 * and the store works.
 */
async function crashMigrations(store: CrashableStore): Promise<number> {
  const probe = new Life();
  const probed = await store.create();
  await (await probed.open(probe.crashPoint)).close();
  await probed.drop();
  let crashes = 0;
  for (const point of [...probe.passed.keys()].filter((p) => p.startsWith("migrate."))) {
    for (let i = 0; i < 3; i++) {
      const database = await store.create();
      try {
        const life = new Life({ point, countdown: 1 });
        await expect(database.open(life.crashPoint)).rejects.toBeInstanceOf(SimulatedCrash);
        crashes++;
        const reopened = await database.open(noCrashes);
        const engine = new Engine({ store: reopened, echoLogs: false });
        await engine.startExecution({ workflow: double.workflowName, input: 2 });
        await engine.drain();
        const { executions } = await engine.listExecutions({});
        expect(
          executions.map((e) => e.result),
          `after a crash at ${point}`,
        ).toEqual([4]);
        await reopened.close();
        await database.checkIntegrity();
      } finally {
        await database.drop();
      }
    }
  }
  return crashes;
}

/** A small seeded generator, so that a failing loop runs the same way again. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** Rejects after `ms`, unless cancelled: what catches a life that neither ends nor finishes. */
function hang(ms: number, armed: Life["armed"]): { hung: Promise<never>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`The crash loop hung, armed at ${JSON.stringify(armed)}`)),
      ms,
    );
  });
  return { hung, cancel: () => clearTimeout(timer) };
}
