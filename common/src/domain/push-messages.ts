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

export type UserPushMessage = AdmittedMessage | TicketAssignedMessage | OrderStatusMessage | DropStartedMessage;
export type DropPushMessage = QueueTickMessage | SoldOutMessage | StockLowMessage;
export type PushMessage = UserPushMessage | DropPushMessage;
