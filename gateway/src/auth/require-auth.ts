import type { RequestHandler } from 'express';
import { forbidden, unauthorized } from '@livedrop/common';
import type { AccessTokens, AuthUser, Role } from './access-token';

declare module 'express-serve-static-core' {
  interface Request {
    user?: AuthUser;
  }
}

/** Reads `Authorization: Bearer <jwt>`; sets `req.user` or answers 401. */
export function requireAuth(tokens: AccessTokens): RequestHandler {
  return async (req, _res, next) => {
    const header = req.header('authorization');
    const match = header ? /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/.exec(header) : null;
    if (!match) throw unauthorized('missing_token', 'Authorization: Bearer <access token> is required');
    req.user = await tokens.verify(match[1]!);
    next();
  };
}

/** After requireAuth: only the listed roles pass; everyone else gets 403. */
export function requireRole(...roles: Role[]): RequestHandler {
  return (req, _res, next) => {
    if (!req.user) throw unauthorized('missing_token', 'authentication required');
    if (!roles.includes(req.user.role)) {
      throw forbidden('wrong_role', `this action needs the ${roles.join(' or ')} role`);
    }
    next();
  };
}

/** The authenticated user; use only behind requireAuth. */
export function currentUser(req: { user?: AuthUser }): AuthUser {
  if (!req.user) throw unauthorized('missing_token', 'authentication required');
  return req.user;
}
