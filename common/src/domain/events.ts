// The outbox events (common/src/events/outbox.ts) and the payload each carries: recordEvent checks a
// producer's payload against this map, and a consumer can name the shape it reads (EventPayloads['drop.live']).
import type { DropStatus, OrderStatus } from './statuses';

interface FollowPayload { followerId: number; creatorId: number }
interface ProductPayload { productId: number; creatorId: number }
/** drop.scheduled: the drop's plan as stored (times ISO, UTC), and the hash the shuffle seed is committed to. */
interface DropScheduledPayload {
  dropId: number; creatorId: number; productId: number; seedHash: string;
  prequeueOpensAt: string; startsAt: string; endsAt: string;
  totalStock: number; perUserLimit: number; admissionRatePerS: number; checkoutWindowS: number;
}
/** Every status change of a drop (drop.live, drop.sold_out, ...); the seed is revealed once the drop started. */
interface DropTransitionPayload {
  dropId: number; creatorId: number; productId: number; from: DropStatus; to: DropStatus;
  startsAt: string; endsAt: string; reason?: string; seed?: string; seedHash?: string;
}
interface OrderPayload { orderId: string; userId: number; dropId: number; quantity: number }

export interface EventPayloads {
  'user.created': { userId: number; role: string };
  'follow.created': FollowPayload;
  'follow.deleted': FollowPayload;
  'product.created': ProductPayload;
  'product.updated': ProductPayload & { fields: string[] };
  'product.deleted': ProductPayload;
  // Media events; being product.* they invalidate the product's caches.
  'product.media_added': ProductPayload & { mediaId?: number };
  'product.media_ready': ProductPayload & { mediaId?: number };
  'product.media_failed': ProductPayload & { mediaId?: number };
  'product.media_reordered': ProductPayload & { mediaId?: number };
  'product.media_removed': ProductPayload & { mediaId?: number };
  'drop.scheduled': DropScheduledPayload;
  'drop.updated': { dropId: number; creatorId: number; version: number; changes: Record<string, unknown>; rescheduled: boolean };
  'drop.live': DropTransitionPayload;
  'drop.sold_out': DropTransitionPayload;
  'drop.reopened': DropTransitionPayload;
  'drop.ended': DropTransitionPayload;
  'drop.cancelled': DropTransitionPayload;
  'drop.stock_low': { dropId: number; stockLeft: number };
  'order.reserved': OrderPayload;
  'order.confirmed': OrderPayload;
  'order.failed': { orderId: string; userId: number; dropId: number; status: OrderStatus; reason?: string };
  'order.refunded': { orderId: string; userId: number; dropId: number; paymentId?: string; reason?: string };
}

export type EventType = keyof EventPayloads;
