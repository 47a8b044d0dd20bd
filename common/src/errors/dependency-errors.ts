import {
  ClientClosedError, ClientOfflineError, ConnectionTimeoutError, ReconnectStrategyError, SocketClosedUnexpectedlyError,
  SocketTimeoutError,
} from 'redis';
import { AppError } from './app-error';

/** Which backing service a request could not reach; the code tells clients (and operators) what is down. */
export type Dependency = 'mysql' | 'redis' | 'temporal';

/** Seconds a client should wait before retrying: long enough for a restart or failover, short for a shopper. */
export const DEPENDENCY_RETRY_AFTER_S = 2;

export class DependencyUnavailableError extends AppError {
  constructor(readonly dependency: Dependency, readonly retryAfterS = DEPENDENCY_RETRY_AFTER_S) {
    super(503, `${dependency}_unavailable`, `${dependency} is unavailable right now; retry after ${retryAfterS} s`);
    this.name = 'DependencyUnavailableError';
  }
}

// Network-level failures of the mysql2 driver (it marks connection errors `fatal`) and the knex pool.
const MYSQL_CONNECTION_CODES = new Set([
  'ECONNREFUSED', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE',
  'PROTOCOL_CONNECTION_LOST', 'PROTOCOL_SEQUENCE_TIMEOUT', 'ER_CON_COUNT_ERROR', 'ER_SERVER_SHUTDOWN',
]);
const REDIS_ERRORS = [
  ClientClosedError, ClientOfflineError, ConnectionTimeoutError, ReconnectStrategyError, SocketClosedUnexpectedlyError,
  SocketTimeoutError,
];
// gRPC statuses meaning "the server could not be reached in time", not "the server said no".
const GRPC_UNAVAILABLE = 14;
const GRPC_DEADLINE_EXCEEDED = 4;

type Loose = Error & { code?: unknown; fatal?: unknown; metadata?: unknown; cause?: unknown };

function dependencyOf(err: Loose): Dependency | undefined {
  if (err.name === 'KnexTimeoutError') return 'mysql';
  if (typeof err.code === 'string' && err.fatal === true && MYSQL_CONNECTION_CODES.has(err.code)) return 'mysql';
  if (REDIS_ERRORS.some((type) => err instanceof type)) return 'redis';
  if (err.message === 'Connection is closed.') return 'redis'; // ioredis (BullMQ's client)
  const isGrpc = typeof err.code === 'number' && err.metadata !== undefined;
  if (isGrpc && (err.code === GRPC_UNAVAILABLE || err.code === GRPC_DEADLINE_EXCEEDED)) return 'temporal';
  return undefined;
}

/**
 * The 503 for an error caused by an unreachable MySQL, Redis or Temporal, or undefined for any other error.
 * Follows `cause` (Temporal's ServiceError wraps the gRPC status) a few levels deep.
 */
export function dependencyUnavailable(err: unknown): DependencyUnavailableError | undefined {
  let current: unknown = err;
  // Not `instanceof Error`: errors made by Node's own modules (net) come from another realm under test runners.
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth += 1) {
    const dependency = dependencyOf(current as Loose);
    if (dependency) return new DependencyUnavailableError(dependency);
    current = (current as Loose).cause;
  }
  return undefined;
}
