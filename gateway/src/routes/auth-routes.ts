import { z } from 'zod';
import type { RouteContext } from '../app';
import { displayNameSchema, emailSchema, passwordSchema } from '../auth/credential-schemas';
import { currentUser, requireAuth } from '../auth/require-auth';

const email = emailSchema;
const password = passwordSchema;
const displayName = displayNameSchema;

const userSchema = z.object({
  id: z.number().int(),
  email: z.string(),
  displayName: z.string(),
  role: z.enum(['shopper', 'creator', 'ops']),
  createdAt: z.string(),
});
const tokenPairSchema = z.object({
  accessToken: z.string(),
  refreshToken: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int(),
});
const sessionSchema = tokenPairSchema.extend({ user: userSchema });
const refreshBody = z.strictObject({ refreshToken: z.string().min(1).max(2048) });

/** Sign-up, login, refresh rotation, logout and /me. Every auth route shares one per-IP budget; sign-up has its own too. */
export function registerAuthRoutes(ctx: RouteContext): void {
  const { api, router } = ctx;
  const { auth } = ctx;
  const perIp = ctx.rateLimits.authPerIp;
  const signupsPerIp = ctx.rateLimits.signupsPerIp;

  api.addRoute(router, {
    method: 'post', path: '/auth/signup', tag: 'auth', summary: 'Create a shopper or creator account (ops accounts come from scripts/create-ops-user.ts)',
    body: z.strictObject({ email, password, displayName, role: z.enum(['shopper', 'creator']) }),
    responses: { 201: { description: 'Account created and signed in', schema: sessionSchema }, 409: { description: 'email_taken' }, 429: { description: 'rate_limited' } },
    before: [perIp, signupsPerIp],
  }, async (_req, res, { body }) => {
    res.status(201).json(await auth.signup(body));
  });

  api.addRoute(router, {
    method: 'post', path: '/auth/login', tag: 'auth', summary: 'Exchange email + password for an access and a refresh token',
    body: z.strictObject({ email, password: z.string().min(1).max(256) }),
    responses: { 200: { description: 'Signed in', schema: sessionSchema }, 401: { description: 'invalid_credentials' }, 429: { description: 'rate_limited' } },
    before: [perIp],
  }, async (_req, res, { body }) => {
    res.json(await auth.login(body.email, body.password));
  });

  api.addRoute(router, {
    method: 'post', path: '/auth/refresh', tag: 'auth',
    summary: 'Rotate a refresh token: returns a new pair; presenting an already-used token revokes the whole login (refresh_token_reused)',
    body: refreshBody,
    responses: { 200: { description: 'New token pair', schema: tokenPairSchema }, 401: { description: 'invalid_refresh_token | refresh_token_reused | refresh_token_revoked | refresh_token_expired' } },
    before: [perIp],
  }, async (_req, res, { body }) => {
    res.json(await auth.refresh(body.refreshToken));
  });

  api.addRoute(router, {
    method: 'post', path: '/auth/logout', tag: 'auth', summary: 'Revoke the refresh token and every rotation of it',
    body: refreshBody,
    responses: { 204: { description: 'Logged out' }, 401: { description: 'invalid_refresh_token' } },
    before: [perIp],
  }, async (_req, res, { body }) => {
    await auth.logout(body.refreshToken);
    res.status(204).end();
  });

  api.addRoute(router, {
    method: 'get', path: '/me', tag: 'auth', summary: 'The signed-in account', auth: 'bearer',
    responses: { 200: { description: 'Current user', schema: z.object({ user: userSchema }) } },
    before: [requireAuth(ctx.tokens)],
  }, async (req, res) => {
    res.json({ user: await auth.me(currentUser(req).id) });
  });
}
