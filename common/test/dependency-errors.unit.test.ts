import {
  ClientClosedError, ClientOfflineError, ConnectionTimeoutError, SocketClosedUnexpectedlyError,
} from 'redis';
import { KnexTimeoutError } from 'knex';
import { AppError, errorResponse, toAppError } from '../src';

/** A mysql2 connection error as the driver builds it (connect ECONNREFUSED, fatal). */
const mysqlError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:3306`), { code, errno: -111, fatal: true });
/** What @temporalio/client throws when the frontend cannot be reached: a ServiceError around a gRPC status. */
const temporalError = (grpcCode: number) => {
  const grpc = Object.assign(new Error(`${grpcCode} UNAVAILABLE: No connection established`), { code: grpcCode, details: 'x', metadata: {} });
  const err = new Error('Failed to start Workflow') as Error & { cause?: Error };
  err.name = 'ServiceError';
  err.cause = grpc;
  return err;
};

describe('a dependency that cannot be reached is a 503 naming it (was: 500 internal_error)', () => {
  it.each([
    ['mysql2 ECONNREFUSED', 'mysql_unavailable', mysqlError('ECONNREFUSED')],
    ['mysql2 ETIMEDOUT', 'mysql_unavailable', mysqlError('ETIMEDOUT')],
    ['mysql2 connection lost', 'mysql_unavailable', Object.assign(new Error('Connection lost: The server closed the connection.'), { code: 'PROTOCOL_CONNECTION_LOST', fatal: true })],
    ['knex pool timeout', 'mysql_unavailable', new KnexTimeoutError('Knex: Timeout acquiring a connection. The pool is probably full.')],
    ['redis client offline', 'redis_unavailable', new ClientOfflineError()],
    ['redis client closed', 'redis_unavailable', new ClientClosedError()],
    ['redis socket closed', 'redis_unavailable', new SocketClosedUnexpectedlyError()],
    ['redis connect timeout', 'redis_unavailable', new ConnectionTimeoutError()],
    ['ioredis connection closed', 'redis_unavailable', new Error('Connection is closed.')],
    ['temporal UNAVAILABLE', 'temporal_unavailable', temporalError(14)],
    ['temporal DEADLINE_EXCEEDED', 'temporal_unavailable', temporalError(4)],
    ['raw gRPC UNAVAILABLE', 'temporal_unavailable', Object.assign(new Error('14 UNAVAILABLE'), { code: 14, details: 'x', metadata: {} })],
    ['a wrapped cause', 'redis_unavailable', Object.assign(new Error('outer'), { cause: new ClientOfflineError() })],
  ])('%s → 503 %s with Retry-After', (_name, code, err) => {
    const mapped = toAppError(err);
    expect(mapped).toMatchObject({ status: 503, code, operational: true });
    const res = errorResponse(err);
    expect(res.status).toBe(503);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.body).toEqual({ error: { code, message: expect.stringContaining('retry') } });
  });

  it('other errors keep their meaning: programmer errors stay 500, app errors keep their status and no Retry-After', () => {
    expect(toAppError(new TypeError('x is undefined'))).toMatchObject({ status: 500, code: 'internal_error' });
    expect(toAppError(Object.assign(new Error('dup'), { code: 'ER_DUP_ENTRY', errno: 1062 }))).toMatchObject({ status: 500 });
    expect(toAppError(Object.assign(new Error('grpc not found'), { code: 5, details: 'x', metadata: {} }))).toMatchObject({ status: 500 });
    const conflictRes = errorResponse(new AppError(409, 'sold_out', 'the drop is sold out'));
    expect(conflictRes).toEqual({ status: 409, headers: {}, body: { error: { code: 'sold_out', message: 'the drop is sold out' } } });
    expect(errorResponse(new Error('boom')).body).toEqual({ error: { code: 'internal_error', message: 'internal error' } });
  });
});
