import { join } from 'node:path';
import type { Request, RequestHandler } from 'express';
import { globalKeys, loadLuaScripts, tooManyRequests, type Redis } from '@livedrop/common';

const runScript = loadLuaScripts(join(__dirname, 'lua'));

export interface RateLimitOptions {
  /** Names the budget; routes sharing a scope share the budget (e.g. every auth route is `auth`). */
  scope: string;
  /** Requests allowed per window (bursts up to `limit`, then one per window/limit). 0 disables the limit. */
  limit: number;
  windowS: number;
  /** `user` needs requireAuth before it; without a user it falls back to the client IP. */
  by: 'ip' | 'user';
}

export interface RateDecision {
  allowed: boolean;
  remaining: number;
  retryAfterMs: number;
}

/** One atomic check-and-consume against Redis, so the limit holds across every gateway process. */
export async function consumeRateLimit(
  redis: Redis,
  key: string,
  opts: { limit: number; windowS: number },
  cost = 1,
): Promise<RateDecision> {
  const intervalUs = Math.max(1, Math.floor((opts.windowS * 1_000_000) / opts.limit));
  const toleranceUs = opts.windowS * 1_000_000 - intervalUs;
  const [allowed, remaining, retryAfterMs] = (await runScript(redis, 'gcra', [key], [intervalUs, toleranceUs, cost])) as number[];
  return { allowed: allowed === 1, remaining: remaining ?? 0, retryAfterMs: retryAfterMs ?? 0 };
}

const subjectOf = (req: Request, by: RateLimitOptions['by']) =>
  by === 'user' && req.user ? `user:${req.user.id}` : `ip:${req.clientIp}`;

/**
 * Express middleware: answers 429 `rate_limited` with Retry-After (seconds) once the budget is spent,
 * before the handler runs, so a limited request changes nothing. Put it in a route's `before` list
 * (after requireAuth when `by: 'user'`).
 */
export function rateLimit(ctx: { redis: Redis }, opts: RateLimitOptions): RequestHandler {
  if (!(opts.windowS > 0)) throw new Error(`rateLimit(${opts.scope}): windowS must be > 0`);
  return async (req, res, next) => {
    if (opts.limit <= 0) return next();
    let decision: RateDecision;
    try {
      decision = await consumeRateLimit(ctx.redis, globalKeys.rateLimit(opts.scope, subjectOf(req, opts.by)), opts);
    } catch (err) {
      // Fail open: a Redis hiccup should not turn into an outage of every write; the limit is protection, not truth.
      req.log?.warn({ err: (err as Error).message, scope: opts.scope }, 'rate limiter unavailable, allowing request');
      return next();
    }
    res.setHeader('RateLimit-Limit', String(opts.limit));
    res.setHeader('RateLimit-Remaining', String(decision.remaining));
    if (!decision.allowed) {
      res.setHeader('Retry-After', String(Math.max(1, Math.ceil(decision.retryAfterMs / 1000))));
      throw tooManyRequests('rate_limited', `too many requests for ${opts.scope}; retry later`);
    }
    next();
  };
}

/** The limits from config, in one place: routes name a scope, not a number (built once in services.ts). */
export function createRateLimits(redis: Redis, limits: { authPerIpPerMin: number; signupsPerIpPerHour: number; writesPerUserPerMin: number }) {
  const ctx = { redis };
  return {
    /** Log-ins, refreshes and the other credential checks, per client address. */
    authPerIp: rateLimit(ctx, { scope: 'auth', limit: limits.authPerIpPerMin, windowS: 60, by: 'ip' }),
    signupsPerIp: rateLimit(ctx, { scope: 'signup', limit: limits.signupsPerIpPerHour, windowS: 3600, by: 'ip' }),
    /** Per signed-in user, one budget per scope (`product-writes`, `order-writes`, …). */
    writes: (scope: string) => rateLimit(ctx, { scope, limit: limits.writesPerUserPerMin, windowS: 60, by: 'user' }),
  };
}
