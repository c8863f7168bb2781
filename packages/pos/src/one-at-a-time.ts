/**
 * Runs async tasks one after the other, in call order: a task starts when
 * the one before it has settled, however it settled. The PIN gate uses it so
 * that PIN checks fired together cannot all pass the lockout before any of
 * them is counted.
 */
export function oneAtATime(): <T>(task: () => Promise<T>) => Promise<T> {
  let last: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = last.then(task, task);
    last = run.catch(() => undefined);
    return run;
  };
}
