import pino, { type Logger } from 'pino';
import type { Config } from './config/schema';

export type { Logger };

/** One root logger per process; `service` tags every line so mixed logs stay readable. */
export function createLogger(config: Pick<Config, 'LOG_LEVEL'>, service: string): Logger {
  return pino({ level: config.LOG_LEVEL, base: { service }, timestamp: pino.stdTimeFunctions.isoTime });
}
