/** One piece of work's place in the order in which work claimed together commits. */
export interface CommitTurn {
  /** Resolves once every earlier turn has passed. */
  readonly ready: Promise<void>;
  /** Ends this turn: call it right after submitting the commit, or when there is none to submit. */
  pass(): void;
}

/**
 * Turns that let work claimed together be computed concurrently yet submitted for commit in claim
 * order. Without them, work that finishes computing first commits first; for workflow tasks that is
 * whichever hit the instance cache rather than replaying history, so the order in which their
 * effects reach other executions' inboxes (a parent's child results, signals) would depend on the
 * cache instead of on the store.
 *
 * @example
 * const turns = commitTurns(tasks.length);
 * await Promise.all(tasks.map(async (task, i) => {
 *   const writes = await compute(task);
 *   await turns[i]!.ready;
 *   const committed = committer.submit(writes);
 *   turns[i]!.pass();
 *   await committed;
 * }));
 */
export function commitTurns(count: number): CommitTurn[] {
  const turns: CommitTurn[] = [];
  let ready: Promise<void> = Promise.resolve();
  for (let i = 0; i < count; i++) {
    let pass!: () => void;
    const passed = new Promise<void>((resolve) => {
      pass = resolve;
    });
    turns.push({ ready, pass });
    ready = Promise.all([ready, passed]).then(() => undefined);
  }
  return turns;
}
