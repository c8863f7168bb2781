/**
 * Stops gracefully on SIGINT or SIGTERM; a second signal exits at once.
 */
export function onShutdownSignal(stop: () => Promise<void>, log: (message: string) => void) {
  let stopping = false;
  const handle = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    log(`${signal}: stopping (send it again to exit at once)`);
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        log(`error while stopping: ${String(error)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', handle);
  process.on('SIGTERM', handle);
}
