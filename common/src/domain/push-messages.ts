// Every WebSocket push message, as clients receive it (`type` tells them apart). Producers build these
// through pushToUser / pushToDrop / pushToUsers (common/src/push/push.ts), so a renamed field fails the
// typecheck at the producer instead of surprising a client.
import type { OrderStatus } from './statuses';

/** To one shopper: admitted from the queue, with the admission token for the order request. */
/** expiresAt: epoch ms. */
interface AdmittedMessage { type: 'admitted'; dropId: number; ticket: number; token: string; expiresAt: number }
/** To one shopper: their pre-queue place got its ticket at the drop's start (after the shuffle). */
interface TicketAssignedMessage { type: 'ticket_assigned'; dropId: number; ticket: number }
/** To one shopper: a step of their order. */
interface OrderStatusMessage { type: 'order_status'; orderId: string; status: OrderStatus; reason?: string }
/** To the followers of a creator whose drop just went live. */
interface DropStartedMessage {
  type: 'drop_started'; dropId: number; creatorId: number; productId: number; title: string; startsAt: string; endsAt: string;
}
/** To a drop's channel (pushToDrop adds `dropId`): the queue's progress, once per controller tick. */
interface QueueTickMessage {
  type: 'queue_tick'; dropId: number; serving: number; rate: number; stockLeft: number; soldOut: boolean;
  paused: boolean; queueLength: number; ts: number;
}
interface SoldOutMessage { type: 'sold_out'; dropId: number; ts: number }
interface StockLowMessage { type: 'stock_low'; dropId: number; stockLeft: number; threshold: number }

/** To one shopper who asked to be told: units of a sold-out drop came back. */
interface RestockMessage { type: 'restock'; dropId: number; stockLeft: number }

/**
 * To every ops console, once per admission pass: every scheduled and live drop as the console shows it
 * (waiting-room/src/ops/ops-metrics.ts builds it and narrows `boundBy` to its vocabulary).
 */
export interface OpsDropMetrics {
  dropId: number; title: string; status: string; startsAt: string; endsAt: string; queueOpen: boolean;
  /** Waiting shoppers: the pre-queue before the start, then tickets not yet admitted. */
  queueLength: number;
  serving: number; rate: number; effectiveRate: number;
  /** What holds admission back right now. */
  boundBy: string;
  admittedNow: number; admittedTotal: number; noShows: number; totalStock: number; stockLeft: number | null;
  soldOut: boolean; paused: boolean; draining: boolean; admissionsPerS: number; confirmedPerS: number;
  ordersConfirmed: number;
  /** The order pipeline's backlog: orders started and not final yet. */
  ordersInflight: number;
  lastTickAt: string | null;
}
export interface OpsMetricsMessage<D extends OpsDropMetrics = OpsDropMetrics> { type: 'ops_metrics'; ts: number; drops: D[] }

export type UserPushMessage = AdmittedMessage | TicketAssignedMessage | OrderStatusMessage | DropStartedMessage | RestockMessage;
export type DropPushMessage = QueueTickMessage | SoldOutMessage | StockLowMessage;
export type OpsPushMessage = OpsMetricsMessage;
export type PushMessage = UserPushMessage | DropPushMessage | OpsPushMessage;
