/**
 * The one place Redis keys are spelled. Everything about a drop shares the hash tag `{drop:<id>}` so
 * a Lua script touching several of its keys stays on one Redis Cluster slot.
 */
export function dropKeys(dropId: number | string) {
  const tag = `{drop:${dropId}}`;
  return {
    tag,
    // waiting room
    queueSeq: `${tag}:queue:seq`,
    tickets: `${tag}:queue:tickets`, // hash userId -> ticket
    ticketOwners: `${tag}:queue:owners`, // hash ticket -> userId
    prequeue: `${tag}:queue:prequeue`, // set of userIds who joined before the start
    serving: `${tag}:queue:serving`,
    admission: `${tag}:admission`, // hash: rate, paused, draining, ...
    admitted: `${tag}:admitted`, // zset userId by admit deadline (checkout window)
    burnedTokens: `${tag}:tokens:burned`,
    controllerLock: `${tag}:controller-lock`,
    queueLate: `${tag}:queue:late`, // list of userIds who joined while the pre-queue was being sealed
    admissionTokens: `${tag}:admission:tokens`, // hash userId -> issued admission token (until burned/expired)
    queueLeft: `${tag}:queue:left`, // hash userId -> the ticket they gave up (an explicit leave; answers a repeat)
    admissionOutcomes: `${tag}:admission:outcomes`, // hash "u|b|n:<bucket>" -> units bought, buyers, non-buyers
    // order pipeline health, written by the orders team, read by the admission controller
    ordersInflight: `${tag}:orders:inflight`, // counter: orders started, not final
    ordersLatency: `${tag}:orders:latency`, // capped list of recent confirm latencies (ms), newest first
    ordersConfirmed: `${tag}:orders:confirmed`, // hash epoch second -> orders confirmed in it (the sustained rate)
    restockAlerts: `${tag}:restock-alerts`, // set of userIds to tell when a sold-out drop has units again
    // ops console: one sample per second for the last 15 minutes (zset score = sample time ms)
    opsSeries: `${tag}:ops:series`,
    // cache and channels
    channel: `${tag}:events`,
    stockLowSent: `${tag}:stock-low-sent`, // SET NX once the stock_low alert went out
  };
}

/**
 * The inventory's keys, apart from `dropKeys` so that only the inventory module can spell them: lint forbids
 * importing `inventoryKeys` in any `src/` outside `common/src/inventory` (the reads every process needs) and
 * `workers/src/inventory` (the Lua writes). Everyone else asks those modules, so a change to how stock is
 * kept touches one place. Same hash tag as the drop: the reserve Lua also touches `dropKeys(id).ordersInflight`.
 */
export function inventoryKeys(dropId: number | string) {
  const tag = `{drop:${dropId}}`;
  return {
    stock: `${tag}:stock`, // units not yet reserved or sold
    reservations: `${tag}:reservations`, // hash orderId -> "STATE|qty|expiresAtMs"
    reservationExpiry: `${tag}:reservations:expiry`, // zset orderId by expiry ms
    userPurchases: `${tag}:user-purchases`, // hash userId -> units reserved or sold
    inventoryMeta: `${tag}:inventory-meta`, // hash: initialised, total, sold
  };
}

export const globalKeys = {
  liveDrops: 'drops:live', // set of drop ids the admission controller works on
  rateLimit: (scope: string, subject: string) => `ratelimit:${scope}:${subject}`,
  cache: (name: string) => `cache:${name}`,
  cacheVersion: (entity: string, id: number | string) => `cache-version:${entity}:${id}`,
  wsBroadcast: 'ws:broadcast',
  // Pushes only sockets of ops users receive (the gateway checks the role, not the publisher). Pub/sub ignores
  // SELECT, so the channel names the logical database: two systems sharing one Redis server (parallel
  // checkouts) never show each other's drops on their consoles. Database 0 keeps the bare name.
  opsChannel: (database = 0) => (database ? `ws:ops:db${database}` : 'ws:ops'),
  // The last ops_metrics message, so a console opened between two ticks has something to show at once.
  opsSnapshot: 'ops:snapshot',
  userChannel: (userId: number | string) => `ws:user:${userId}`,
  // One message for many users (`<id>,<id>,…\n<message JSON>`): fan-outs publish a page at a time.
  userBatchChannel: 'ws:users',
  // Gateways PSUBSCRIBE to these; the id is what the `*` matched.
  userChannelPattern: 'ws:user:*',
  dropChannelPattern: '{drop:*}:events',
};

export type DropKeys = ReturnType<typeof dropKeys>;
