import { compileTrustProxy, createLocalStorage, type Config, type Knex, type Logger, type MediaStorage, type Redis } from '@livedrop/common';
import type { Client } from '@temporalio/client';
import { createAdmissionTokens, createDropCache, createWaitingRoom } from '@livedrop/waiting-room';
import { createAccessTokens } from './auth/access-token';
import { cacheVerifiedTokens } from './auth/verified-token-cache';
import { createAuthService } from './auth/auth-service';
import { createDropWorkflows } from './drops/drop-workflows';
import { createMediaDelivery } from './media/media-delivery';
import { createMediaService } from './media/media-service';
import { createBoardSessions } from './ops/board-session';
import { createOrderSagaStarter, type OrderSagaStarter } from './orders/order-saga-starter';
import { createOrdersRepo } from './orders/orders-repo';
import { createReconcileRequests } from './ops/reconcile-requests';
import { createRateLimits } from './rate-limit';
import { readApiUpstream } from './routes/read-proxy';

/** The few config values route modules (and the app, for the web build) read themselves; the rest arrives built. */
export type GatewaySettings = Pick<Config,
  'PAYMENT_TIMEOUT_MS' | 'MEDIA_PUBLIC_BASE_URL' | 'TEMPORAL_UI_URL' | 'TEMPORAL_NAMESPACE' | 'WEB_DIST_DIR'>;

export interface GatewayServiceDeps {
  config: Config;
  knex: Knex;
  redis: Redis;
  temporal: Client;
  logger: Logger;
  /** Who starts accepted orders' sagas; absent: a group-commit starter on the Temporal client (tests inject faults). */
  orderSagas?: OrderSagaStarter;
  /** Where media bytes live; main.ts builds it with createMediaStorage (optional only for the local store). */
  mediaStorage?: MediaStorage;
}

/** A local directory needs no connection, so callers that do not care about media may leave the store out. */
function defaultLocalStorage(config: Config): MediaStorage {
  if (config.MEDIA_STORAGE !== 'local') throw new Error('MEDIA_STORAGE=s3: pass the store built by createMediaStorage(config)');
  return createLocalStorage(config.MEDIA_LOCAL_DIR);
}

/**
 * Every service the gateway's routes, fast paths and WebSockets use, built once from the connections and
 * the config: the Express route and the fast path of a join share one waiting room (one drop cache), the
 * HTTP API and the WebSockets one token checker, the /media route and its fast path one in-memory image cache.
 */
export function buildGatewayServices(deps: GatewayServiceDeps) {
  const { config, knex, redis, temporal, logger } = deps;
  const tokens = createAccessTokens(config.JWT_SECRET, config.ACCESS_TOKEN_TTL_S);
  const admissionTokens = createAdmissionTokens(config.ADMISSION_TOKEN_SECRET);
  const mediaStorage = deps.mediaStorage ?? defaultLocalStorage(config);
  const orders = createOrdersRepo(knex);
  const settings: GatewaySettings = {
    PAYMENT_TIMEOUT_MS: config.PAYMENT_TIMEOUT_MS,
    MEDIA_PUBLIC_BASE_URL: config.MEDIA_PUBLIC_BASE_URL,
    TEMPORAL_UI_URL: config.TEMPORAL_UI_URL,
    TEMPORAL_NAMESPACE: config.TEMPORAL_NAMESPACE,
    WEB_DIST_DIR: config.WEB_DIST_DIR,
  };
  return {
    settings,
    trustProxy: compileTrustProxy(config.TRUST_PROXY),
    rateLimits: createRateLimits(redis, {
      authPerIpPerMin: config.RATE_LIMIT_AUTH_PER_IP_PER_MIN, signupsPerIpPerHour: config.RATE_LIMIT_SIGNUP_PER_IP_PER_HOUR,
      writesPerUserPerMin: config.RATE_LIMIT_WRITES_PER_USER_PER_MIN,
    }),
    reconciliation: createReconcileRequests(config.REDIS_URL),
    tokens,
    /** tokens.verify behind an in-process cache of tokens that already verified (the join fast path's check). */
    verifyAccessToken: cacheVerifiedTokens(tokens),
    auth: createAuthService({
      knex, tokens, jwtSecret: config.JWT_SECRET, accessTtlS: config.ACCESS_TOKEN_TTL_S, refreshTtlS: config.REFRESH_TOKEN_TTL_S,
    }),
    admissionTokens,
    waitingRoom: createWaitingRoom({ redis, tokens: admissionTokens, getDrop: createDropCache(knex) }),
    boardSessions: createBoardSessions(config.JWT_SECRET),
    dropWorkflows: createDropWorkflows(temporal, config.TEMPORAL_TASK_QUEUE),
    orderSagas: deps.orderSagas ?? createOrderSagaStarter({
      temporal, taskQueue: config.TEMPORAL_TASK_QUEUE, logger,
      windowMs: config.ORDER_BATCH_WINDOW_MS, maxBatch: config.ORDER_BATCH_MAX,
      markStarted: (orderIds, sagaId) => orders.markSagaStarted(orderIds, sagaId),
    }),
    mediaStorage,
    media: createMediaService({ knex, storage: mediaStorage, config }),
    /** One per process, shared by the /media route and its fast path (one in-memory copy of hot images). */
    mediaDelivery: createMediaDelivery({ storage: mediaStorage, memoryBytes: config.MEDIA_MEMORY_CACHE_BYTES }),
    /** read-api behind kept-alive connections and the drop-detail micro-cache both catalog paths share. */
    readApi: readApiUpstream(config.READ_API_URL, config.CATALOG_MICROCACHE_MS),
  };
}

export type GatewayServices = ReturnType<typeof buildGatewayServices>;
