import { z } from 'zod';
import { compileTrustProxy } from '../http/client-address';

// Every process reads the same schema; each composition root uses the keys it needs.
// Defaults are the local addresses that scripts/infra-up.sh starts services on.
const port = z.coerce.number().int().min(1).max(65535);
const DEV_SECRET = 'livedrop-local-development-secret-change-me';
/** 127.0.0.0/8, ::1 and localhost: only this machine can reach a listener bound there. */
export const isLoopbackHost = (host: string) =>
  /^127(\.\d{1,3}){3}$/.test(host) || host === '::1' || host === '[::1]' || host.toLowerCase() === 'localhost';

export const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    HOST: z.string().min(1).default('127.0.0.1'),

    REDIS_URL: z.url({ protocol: /^rediss?$/ }).default('redis://127.0.0.1:6379'),
    MYSQL_URL: z.url({ protocol: /^mysql$/ }).default('mysql://livedrop:livedrop@127.0.0.1:3306/livedrop'),
    MYSQL_POOL_MAX: z.coerce.number().int().min(1).max(200).default(20),
    TEMPORAL_ADDRESS: z.string().regex(/^[\w.-]+:\d+$/, 'expected host:port').default('127.0.0.1:7233'),
    TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
    TEMPORAL_UI_URL: z.url().default('http://127.0.0.1:8233'),
    // Tests give each file its own queue so no other worker picks up its workflows.
    TEMPORAL_TASK_QUEUE: z.string().min(1).default('livedrop'),

    GATEWAY_PORT: port.default(3000),
    READ_API_PORT: port.default(3001),
    WAITING_ROOM_PORT: port.default(3002),
    TEMPORAL_WORKER_PORT: port.default(3003),
    JOBS_WORKER_PORT: port.default(3004),
    // The gateway's ops port (/metrics, detailed /readyz, for Prometheus and probes; keep it off the public
    // network). Unset: on the public port those answer to the ops role only.
    GATEWAY_OPS_PORT: port.optional(),
    READ_API_URL: z.url().default('http://127.0.0.1:3001'),

    JWT_SECRET: z.string().min(32, 'must be at least 32 characters').default(DEV_SECRET),
    ADMISSION_TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters').default(`${DEV_SECRET}-admission`),
    ACCESS_TOKEN_TTL_S: z.coerce.number().int().min(30).max(86_400).default(900),
    REFRESH_TOKEN_TTL_S: z.coerce.number().int().min(60).default(30 * 86_400),

    ADMISSION_TICK_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
    // Order-pipeline health the admission controller backs off on (rate halved above either).
    ADMISSION_INFLIGHT_THRESHOLD: z.coerce.number().int().min(1).default(500),
    ADMISSION_LATENCY_THRESHOLD_MS: z.coerce.number().int().min(1).default(1000),
    PAYMENT_LATENCY_MS: z.coerce.number().int().min(0).max(60_000).default(40),
    PAYMENT_DECLINE_RATE: z.coerce.number().min(0).max(1).default(0.05),
    PAYMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
    // Sandbox test cards: an amount whose minor units end in these digits is always declined (e.g. 10002).
    PAYMENT_DECLINE_AMOUNT_SUFFIX: z.string().regex(/^\d{1,6}$/).default('0002'),
    RECONCILE_INTERVAL_MS: z.coerce.number().int().min(1000).default(30_000),
    STOCK_LOW_THRESHOLD: z.coerce.number().int().min(0).default(10),
    // The demo accounts' password (scripts/seed-demo.ts); scripts/up.sh generates one into .run/secrets.env.
    DEMO_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),

    // Gateway rate limits (Redis GCRA, shared by every gateway process); 0 disables one. Generous defaults:
    // load tests drive many users from a single IP.
    RATE_LIMIT_AUTH_PER_IP_PER_MIN: z.coerce.number().int().min(0).default(600),
    RATE_LIMIT_WRITES_PER_USER_PER_MIN: z.coerce.number().int().min(0).default(120),
    // Account creation on top of the auth budget: slows account farming from one address.
    RATE_LIMIT_SIGNUP_PER_IP_PER_HOUR: z.coerce.number().int().min(0).default(3000),
    // WebSocket caps per gateway process (0 = none): sockets per account, per client address (load tests
    // opening thousands of sockets from one machine set it to 0), and how long an unauthenticated socket may wait.
    WS_MAX_SOCKETS_PER_USER: z.coerce.number().int().min(0).default(10),
    WS_MAX_SOCKETS_PER_IP: z.coerce.number().int().min(0).default(1000),
    WS_AUTH_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    // Proxies allowed to name the client in X-Forwarded-For (common/src/http/client-address.ts): empty = none,
    // so a client cannot pick its own address for per-IP limits; a hop count, or addresses/CIDRs/loopback/…
    TRUST_PROXY: z.string().default('').superRefine((value, ctx) => {
      try {
        compileTrustProxy(value);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
      }
    }),
  })
  .superRefine((cfg, ctx) => {
    // A shared, published default secret would let anyone mint tokens: refused in production and whenever a
    // listener is reachable from other machines (loopback-only development and tests may keep it).
    for (const key of ['JWT_SECRET', 'ADMISSION_TOKEN_SECRET'] as const) {
      if (!cfg[key].startsWith(DEV_SECRET)) continue;
      if (cfg.NODE_ENV === 'production') {
        ctx.addIssue({ code: 'custom', path: [key], message: 'must be set explicitly in production' });
      } else if (!isLoopbackHost(cfg.HOST)) {
        ctx.addIssue({ code: 'custom', path: [key], message: `must be set explicitly when HOST (${cfg.HOST}) is not loopback` });
      }
    }
  });

export type Config = z.infer<typeof configSchema>;
