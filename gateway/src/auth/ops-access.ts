import type { OpsAccess } from '@livedrop/common';
import type { AccessTokens } from './access-token';

const BEARER = /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/;

/** On the public port, /metrics and readiness detail are for a caller with an ops access token only. */
export function opsRoleAccess(tokens: AccessTokens): OpsAccess {
  return async (req) => {
    const match = BEARER.exec(req.header('authorization') ?? '');
    if (!match) return false;
    try {
      return (await tokens.verify(match[1]!)).role === 'ops';
    } catch {
      return false; // a bad token is simply not ops
    }
  };
}
