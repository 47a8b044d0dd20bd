import type { Logger } from './logger';

export type Closer = { name: string; close: () => Promise<unknown> };

const SHUTDOWN_TIMEOUT_MS = 15_000;

/**
 * Registers SIGTERM/SIGINT once per process. Closers run in reverse registration order (servers
 * before the clients they use), each failure is logged, and a hung close cannot keep the process alive.
 */
export function registerShutdown(logger: Logger, closers: Closer[], onStart?: () => void): () => Promise<void> {
  let running: Promise<void> | undefined;
  const shutdown = () => {
    running ??= (async () => {
      onStart?.();
      logger.info('shutting down');
      const timer = setTimeout(() => {
        logger.error('shutdown timed out; exiting');
        process.exit(1);
      }, SHUTDOWN_TIMEOUT_MS);
      timer.unref();
      for (const closer of [...closers].reverse()) {
        try {
          await closer.close();
        } catch (err) {
          logger.error({ err, closer: closer.name }, 'close failed');
        }
      }
      clearTimeout(timer);
      logger.info('stopped');
    })();
    return running;
  };
  const onSignal = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'signal received');
    void shutdown().then(() => process.exit(0));
  };
  // `on`, not `once`: a second signal (e.g. from a supervisor and a terminal) must not kill a clean drain.
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return shutdown;
}

/** A failed boot (config, port, unreachable dependency) ends the process with one clear line. */
export function exitOnBootFailure(logger: Logger, service: string) {
  return (err: unknown) => {
    logger.fatal({ err }, `${service} failed to start: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  };
}
