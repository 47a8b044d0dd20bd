import { useEffect } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, unwrap } from '../../lib/api/errors';
import { useApi, useLiveMessages, useLiveStatus, useSession, useWatchDrop } from '../../lib/services';
import { applyAdmitted, applyTick, applyTicket, queueKey, shouldAskForAdmission, type QueueState } from './queue-state';

/** With a live socket the poll is only a safety net; without one it is how the place stays current. */
const POLL_LIVE_MS = 15_000;
const POLL_FALLBACK_MS = 2_000;
/** A tick's admissions are pushed over up to 0.9 s (waiting-room admission-pacing.ts); wait that out before asking. */
const ADMISSION_PUSH_GRACE_MS = 1_000;

/**
 * The signed-in shopper's place in a drop's queue: fetched once (null = not in the queue yet), then kept
 * current by pushed ticks, with polling of GET /queue/me while the socket is down. The server keeps one
 * ticket per account, so a reload, a second tab or a reconnect simply reads the same place back.
 */
export function useQueue(dropId: number) {
  const api = useApi();
  const session = useSession();
  const queryClient = useQueryClient();
  const { status: live } = useLiveStatus();
  const key = queueKey(dropId);
  useWatchDrop(dropId);

  const query = useQuery({
    queryKey: key,
    enabled: session?.user.role === 'shopper',
    queryFn: async (): Promise<QueueState | null> => {
      const result = await api.GET('/v1/drops/{dropId}/queue/me', { params: { path: { dropId } } });
      if (result.response.status === 404 && (result.error as { error?: { code?: string } })?.error?.code === 'not_in_queue') return null;
      return { ...unwrap(result), updatedAt: Date.now() };
    },
    staleTime: 0,
    refetchInterval: (q) => (q.state.data === null ? false : live === 'open' ? POLL_LIVE_MS : POLL_FALLBACK_MS),
  });

  useLiveMessages((msg) => {
    if (!('dropId' in msg) || msg.dropId !== dropId) return;
    const update = (fn: (prev: QueueState) => QueueState) =>
      queryClient.setQueryData<QueueState | null>(key, (prev) => (prev ? fn(prev) : prev));
    if (msg.type === 'queue_tick') update((prev) => applyTick(prev, msg));
    else if (msg.type === 'ticket_assigned') update((prev) => applyTicket(prev, msg));
    else if (msg.type === 'admitted') update((prev) => applyAdmitted(prev, msg));
    else if (msg.type === 'sold_out') update((prev) => applyTick(prev, { serving: prev.serving, rate: prev.rate, stockLeft: 0, soldOut: true }));
  });

  // At the front of the line but no admission push (missed on a reconnect): read it from the server — after a
  // grace, because the controller tells a tick's admitted shoppers in slices over most of a second
  // (ADMISSION_SPREAD_MS) and the tick announcing the new front arrives with the first slice.
  const front = query.data ? shouldAskForAdmission(query.data) : false;
  useEffect(() => {
    if (!front) return undefined;
    const timer = setTimeout(() => void queryClient.invalidateQueries({ queryKey: queueKey(dropId) }), ADMISSION_PUSH_GRACE_MS);
    return () => clearTimeout(timer);
  }, [front, dropId, queryClient]);

  const join = useMutation({
    mutationFn: async () => unwrap(await api.POST('/v1/drops/{dropId}/queue', { params: { path: { dropId } } })),
    onSuccess: (view) => queryClient.setQueryData<QueueState | null>(key, { ...view, updatedAt: Date.now() }),
  });

  // Leaving gives the place (or the admission) to the next shopper at once; joining again starts at the back.
  const leave = useMutation({
    mutationFn: async () => unwrap(await api.DELETE('/v1/drops/{dropId}/queue/me', { params: { path: { dropId } } })),
    onSuccess: () => queryClient.setQueryData<QueueState | null>(key, null),
  });

  return { query, join, leave, live };
}

export const isNotOpenYet = (err: unknown) => err instanceof ApiError && err.code === 'queue_not_open';
