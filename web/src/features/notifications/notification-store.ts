import { useEffect, useRef } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '../../lib/api/errors';
import type { paths } from '../../lib/api/schema';
import { useApi, useLiveMessages, useSession } from '../../lib/services';

type Stored = paths['/v1/me/notifications']['get']['responses'][200]['content']['application/json']['items'][number];

/** One entry of the bell: stored server-side (drop started) or only pushed this session (stock low, order confirmed, restock). */
export interface BellItem {
  key: string;
  storedId?: number;
  type: string;
  dropId: number | null;
  text: string;
  at: number;
  read: boolean;
}

const LIVE_KEY = ['me', 'live-alerts'] as const;
const STORED_KEY = ['me', 'notifications'] as const;

function describe(type: string, payload: Record<string, unknown>, dropId: number | null): string {
  const title = typeof payload.title === 'string' ? payload.title : dropId ? `Drop #${dropId}` : 'A drop';
  switch (type) {
    case 'drop_started': return `${title} has started — join the queue now.`;
    case 'stock_low': return `Only ${String(payload.stockLeft)} left in ${title}.`;
    case 'order_confirmed': return 'Your order is confirmed.';
    case 'restock': return `Units are back in ${title}.`;
    default: return type.replace(/_/g, ' ');
  }
}

const fromStored = (n: Stored): BellItem => ({
  key: `s${n.id}`, storedId: n.id, type: n.type, dropId: n.dropId, text: describe(n.type, n.payload, n.dropId),
  at: Date.parse(n.createdAt), read: n.readAt !== null,
});

/** Stored notifications (GET /me/notifications) merged with this tab's pushed alerts; newest first. */
export function useBell() {
  const api = useApi();
  const session = useSession();
  const queryClient = useQueryClient();
  const stored = useQuery({
    queryKey: STORED_KEY,
    enabled: Boolean(session),
    queryFn: async () => unwrap(await api.GET('/v1/me/notifications', { params: { query: { limit: 30 } } })).items,
    refetchInterval: 60_000,
  });
  const live = useQuery({ queryKey: LIVE_KEY, queryFn: () => [] as BellItem[], staleTime: Infinity, gcTime: Infinity, enabled: Boolean(session) });

  const add = (item: Omit<BellItem, 'key' | 'at' | 'read'>) =>
    queryClient.setQueryData<BellItem[]>(LIVE_KEY, (list = []) => [{ ...item, key: `l${Date.now()}${Math.random()}`, at: Date.now(), read: false }, ...list].slice(0, 30));

  useLiveMessages((msg) => {
    if (msg.type === 'drop_started') {
      add({ type: msg.type, dropId: msg.dropId, text: describe(msg.type, { ...msg }, msg.dropId) });
      // The stored copy lands a moment after the push.
      setTimeout(() => void queryClient.invalidateQueries({ queryKey: STORED_KEY }), 1500);
    } else if (msg.type === 'stock_low') {
      add({ type: msg.type, dropId: msg.dropId, text: describe(msg.type, { ...msg }, msg.dropId) });
    } else if (msg.type === 'order_status' && msg.status === 'confirmed') {
      add({ type: 'order_confirmed', dropId: null, text: describe('order_confirmed', {}, null) });
    } else if (msg.type === 'restock') {
      add({ type: msg.type, dropId: msg.dropId, text: describe(msg.type, {}, msg.dropId) });
    }
  });

  const storedItems = (stored.data ?? []).map(fromStored);
  // A pushed drop_started is shown once: as the stored copy when it has arrived.
  const liveItems = (live.data ?? []).filter((l) => !(l.type === 'drop_started' && storedItems.some((s) => s.type === l.type && s.dropId === l.dropId)));
  const items = [...liveItems, ...storedItems].sort((a, b) => b.at - a.at);
  return { items, unread: items.filter((i) => !i.read).length, isPending: stored.isPending, error: stored.error };
}

/** Marks everything shown as read: stored ones on the server, pushed ones locally. */
export function useMarkAllRead(items: BellItem[], when: boolean) {
  const api = useApi();
  const queryClient = useQueryClient();
  const sent = useRef(new Set<number>());
  useEffect(() => {
    if (!when) return;
    const unreadStored = items.filter((i) => !i.read && i.storedId !== undefined && !sent.current.has(i.storedId));
    for (const i of unreadStored) sent.current.add(i.storedId!);
    if (items.some((i) => !i.read && i.storedId === undefined)) {
      queryClient.setQueryData<BellItem[]>(LIVE_KEY, (list = []) => list.map((l) => ({ ...l, read: true })));
    }
    if (unreadStored.length === 0) return;
    void Promise.all(unreadStored.map((i) =>
      api.POST('/v1/me/notifications/{notificationId}/read', { params: { path: { notificationId: i.storedId! } } })))
      .then(() => queryClient.invalidateQueries({ queryKey: STORED_KEY }));
  }, [when, items, api, queryClient]);
}
