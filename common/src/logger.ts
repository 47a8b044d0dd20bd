import pino, { type Logger } from 'pino';
import type { Config } from './config/schema';

export type { Logger };

/**
 * One root logger per process; `service` tags every line so mixed logs stay readable. `destination`
 * (stdout when absent) lets a test read the lines a server writes.
 */
export function createLogger(config: Pick<Config, 'LOG_LEVEL'>, service: string, destination?: pino.DestinationStream): Logger {
  return pino({ level: config.LOG_LEVEL, base: { service }, timestamp: pino.stdTimeFunctions.isoTime }, destination);
}
