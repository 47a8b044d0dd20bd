// The pushes the gateway forwards (README "Live pushes"; waiting-room/README.md; common/src/push/push.ts).
export interface QueueTick {
  type: 'queue_tick';
  dropId: number;
  serving: number;
  rate: number;
  stockLeft: number | null;
  soldOut: boolean;
  paused?: boolean;
  queueLength?: number;
  ts?: number;
}
export interface TicketAssigned { type: 'ticket_assigned'; dropId: number; ticket: number }
export interface Admitted { type: 'admitted'; dropId: number; ticket: number; token: string; expiresAt: number }
export interface SoldOut { type: 'sold_out'; dropId: number; ts?: number }
export interface StockLow { type: 'stock_low'; dropId: number; stockLeft: number; threshold: number }
export interface DropStarted { type: 'drop_started'; dropId: number; [field: string]: unknown }
export interface OrderStatus { type: 'order_status'; orderId: string; status: string; reason?: string }
export interface RestockAlert { type: 'restock'; dropId: number; stockLeft: number }

export type LiveMessage =
  | QueueTick | TicketAssigned | Admitted | SoldOut | StockLow | DropStarted | OrderStatus | RestockAlert
  | { type: 'hello' | 'subscribed' | 'unsubscribed' | 'error'; [field: string]: unknown };

export function parseLiveMessage(text: unknown): LiveMessage | null {
  if (typeof text !== 'string') return null;
  try {
    const msg = JSON.parse(text) as { type?: unknown };
    return msg && typeof msg.type === 'string' ? (msg as LiveMessage) : null;
  } catch {
    return null;
  }
}
