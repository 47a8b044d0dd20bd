import type { Logger } from '@livedrop/common';
import type { AdmissionController } from './admission-controller';

/**
 * Runs the controller every `tickMs`, never overlapping itself: a slow pass delays the next one instead of
 * stacking up. `stop()` resolves once the pass in progress has finished.
 */
export function startTickLoop(controller: AdmissionController, tickMs: number, logger: Logger) {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<unknown> = Promise.resolve();
  const loop = () => {
    const started = Date.now();
    current = controller.runOnce()
      .catch((err: unknown) => logger.error({ err }, 'admission pass failed'))
      .finally(() => {
        if (!stopped) timer = setTimeout(loop, Math.max(0, tickMs - (Date.now() - started)));
      });
  };
  loop();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
