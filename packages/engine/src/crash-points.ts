/**
 * A test's way to stop a process at a named point of the commit path, to prove that what was
 * committed survives and what was not is redone. Hosts pass one to the engine and the store; in
 * production it is `noCrashes`. The points:
 *
 * - `engine.submit`: a group of writes is ready (a step computed, a start, a completion), not yet
 *   handed to the store;
 * - `commit.begin`: a store is about to begin a commit's transaction;
 * - `commit.after.<kind>`: inside the transaction, a write (SQLite) or a batch of writes
 *   (PostgreSQL) of that kind has been sent, the rest not;
 * - `commit.end`: the transaction committed, and nobody has been told;
 * - `migrate.<version>`: inside a migration's transaction, its statements run, not yet recorded.
 *
 * A crash point may throw (an in-process test abandons the engine and its store there) or end
 * the process (`crashPointFromEnv`); it never returns after deciding to crash.
 */
export type CrashPoint = (point: string) => void;

/** What hosts run with: no point ever crashes. */
export const noCrashes: CrashPoint = () => {};

/**
 * `EVENTUAL_CRASH_AT=<point>[:<n>]` kills this process with SIGKILL the n-th time (default the
 * first) it passes `point`, as a power cut would: no shutdown code, no flush. For tests of real
 * processes only; without the variable, `noCrashes`.
 *
 * @example
 * // EVENTUAL_CRASH_AT=commit.end:3 eventual dev
 * const store = SqliteStore.open(file, { crashPoint: crashPointFromEnv() });
 */
export function crashPointFromEnv(env: NodeJS.ProcessEnv = process.env): CrashPoint {
  const setting = env.EVENTUAL_CRASH_AT;
  if (!setting) return noCrashes;
  const [point, times] = setting.split(":");
  let remaining = times === undefined ? 1 : Number(times);
  return (passed) => {
    if (passed === point && --remaining === 0) process.kill(process.pid, "SIGKILL");
  };
}
