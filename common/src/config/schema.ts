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
    // Connections each process keeps open while idle (the gateway opens them at boot: a drop start's first
    // orders must not wait for MySQL handshakes).
    MYSQL_POOL_MIN: z.coerce.number().int().min(0).max(200).default(8),
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
    // The gateway replays read-api's answer for a drop's detail this long (a drop start asks for the same drop
    // thousands of times a second); 0 forwards every request. Bounded: a write must be visible within 1 s.
    CATALOG_MICROCACHE_MS: z.coerce.number().int().min(0).max(1000).default(100),
    // The built web app (`npm run build -w web`) the gateway serves at `/`; relative paths resolve from the
    // working directory (the repository root for scripts/run-all.ts). Absent build → `/` answers JSON.
    WEB_DIST_DIR: z.string().min(1).default('web/dist'),

    JWT_SECRET: z.string().min(32, 'must be at least 32 characters').default(DEV_SECRET),
    ADMISSION_TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters').default(`${DEV_SECRET}-admission`),
    ACCESS_TOKEN_TTL_S: z.coerce.number().int().min(30).max(86_400).default(900),
    REFRESH_TOKEN_TTL_S: z.coerce.number().int().min(60).default(30 * 86_400),

    ADMISSION_TICK_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
    // A tick's admitted shoppers are told in slices ~50 ms apart over this much of the tick (capped at 0.9 × the
    // tick), so their orders reach the accept path as a stream instead of one burst per tick. 0: all at once.
    ADMISSION_SPREAD_MS: z.coerce.number().int().min(0).max(60_000).default(800),
    // Order-pipeline health the admission controller backs off on (rate halved above either).
    // Above either (or a backlog that would take longer than the latency threshold to clear at the measured
    // confirm rate), admission is bound to the pipeline's sustained rate (waiting-room admission-bounds.ts).
    ADMISSION_INFLIGHT_THRESHOLD: z.coerce.number().int().min(1).default(500),
    ADMISSION_LATENCY_THRESHOLD_MS: z.coerce.number().int().min(1).default(400),
    // Conversion (units bought per admission, over a recent window) lets the controller admit past the units
    // left when admitted shoppers do not buy: at most stockLeft / max(conversion, floor) admitted at once.
    ADMISSION_CONVERSION_FLOOR: z.coerce.number().min(0.01).max(1).default(0.25),
    ADMISSION_CONVERSION_WINDOW_S: z.coerce.number().int().min(10).max(3600).default(60),
    // An admitted shopper who has not ordered after this long counts as not buying (until they do).
    ADMISSION_DECIDE_S: z.coerce.number().int().min(1).max(3600).default(15),
    PAYMENT_LATENCY_MS: z.coerce.number().int().min(0).max(60_000).default(40),
    PAYMENT_DECLINE_RATE: z.coerce.number().min(0).max(1).default(0.05),
    PAYMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
    // Sandbox test cards: an amount whose minor units end in these digits is always declined (e.g. 10002).
    PAYMENT_DECLINE_AMOUNT_SUFFIX: z.string().regex(/^\d{1,6}$/).default('0002'),
    RECONCILE_INTERVAL_MS: z.coerce.number().int().min(1000).default(30_000),
    // Group commit: a gateway starts at most one order saga per drop per window; an order arriving after a quiet
    // window starts at once. A batch never exceeds ORDER_BATCH_MAX orders.
    ORDER_BATCH_WINDOW_MS: z.coerce.number().int().min(0).max(100).default(50),
    ORDER_BATCH_MAX: z.coerce.number().int().min(1).max(500).default(100),
    // The jobs worker starts a saga for any open order none claimed after ORDER_SWEEP_AFTER_MS (its gateway stopped
    // or Temporal refused the start), looking every ORDER_SWEEP_INTERVAL_MS.
    ORDER_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).default(5_000),
    ORDER_SWEEP_AFTER_MS: z.coerce.number().int().min(0).default(15_000),
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

    // Product media. `local` keeps objects on disk under MEDIA_LOCAL_DIR (git-ignored runtime folder);
    // `s3` uses any S3-compatible server (scripts/infra-up.sh starts a local moto server at S3_ENDPOINT).
    MEDIA_STORAGE: z.enum(['local', 's3']).default('local'),
    MEDIA_LOCAL_DIR: z.string().min(1).default('.run/media'),
    // Where browsers fetch media: '' = this gateway's own /media route; in production a CDN in front of it.
    MEDIA_PUBLIC_BASE_URL: z.union([z.literal(''), z.url({ protocol: /^https?$/ })]).default('')
      .transform((u) => u.replace(/\/+$/, '')),
    MEDIA_MAX_IMAGE_BYTES: z.coerce.number().int().min(1024).default(15 * 1024 * 1024),
    MEDIA_MAX_VIDEO_BYTES: z.coerce.number().int().min(1024).default(100 * 1024 * 1024),
    // Larger images are refused before decoding (a small file can hold a huge, memory-eating bitmap).
    MEDIA_MAX_IMAGE_PIXELS: z.coerce.number().int().min(1).default(50_000_000),
    MEDIA_MAX_PER_PRODUCT: z.coerce.number().int().min(1).max(100).default(20),
    MEDIA_IMAGE_WIDTHS: z.string().regex(/^\d{2,4}(,\d{2,4})*$/, 'comma-separated pixel widths, e.g. 320,640,1280')
      .default('320,640,1280').transform((s) => [...new Set(s.split(',').map(Number))].sort((a, b) => a - b)),
    MEDIA_UPLOAD_TTL_S: z.coerce.number().int().min(60).max(7 * 86_400).default(900),
    // Unreferenced objects (deleted product, removed media, abandoned upload) survive this long before GC.
    MEDIA_GC_GRACE_S: z.coerce.number().int().min(0).default(86_400),
    MEDIA_GC_INTERVAL_MS: z.coerce.number().int().min(1000).default(3_600_000),
    // Frame grabber for video posters; when it cannot be run, a video uses the creator's chosen image.
    MEDIA_FFMPEG_PATH: z.string().min(1).default('ffmpeg'),
    // Bytes of small media kept in each gateway's memory (content-addressed, so never stale); 0 disables.
    MEDIA_MEMORY_CACHE_BYTES: z.coerce.number().int().min(0).default(64 * 1024 * 1024),
    // On AWS itself: https://s3.<region>.amazonaws.com (with S3_FORCE_PATH_STYLE=false).
    S3_ENDPOINT: z.url({ protocol: /^https?$/ }).default('http://127.0.0.1:9000'),
    // The address browsers reach the store at, when it differs from S3_ENDPOINT (compose: minio:9000 inside,
    // localhost:9000 outside); presigned upload URLs are signed for this host.
    S3_PUBLIC_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
    S3_REGION: z.string().min(1).default('us-east-1'),
    S3_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'an S3 bucket name').default('livedrop-media'),
    // The local moto server accepts any credentials; production sets real ones.
    S3_ACCESS_KEY_ID: z.string().min(1).default('livedrop-local'),
    S3_SECRET_ACCESS_KEY: z.string().min(1).default('livedrop-local-secret'),
    // Path-style URLs (http://host:port/bucket/key): what moto and MinIO answer; AWS accepts both.
    S3_FORCE_PATH_STYLE: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
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
