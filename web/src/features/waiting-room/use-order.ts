import { useQuery, useQueryClient } from '@tanstack/react-query';
import { isFinalOrderStatus } from '../../components/OrderSteps';
import { unwrap } from '../../lib/api/errors';
import type { paths } from '../../lib/api/schema';
import { useApi, useLiveMessages, useLiveStatus } from '../../lib/services';

export type Order = paths['/v1/orders/{orderId}']['get']['responses'][200]['content']['application/json'];

/** One order, moved along by order_status pushes (polled only while the socket is down). */
export function useOrder(orderId: string | null) {
  const api = useApi();
  const queryClient = useQueryClient();
  const { status: live } = useLiveStatus();
  const key = ['me', 'order', orderId] as const;
  useLiveMessages((msg) => {
    if (msg.type !== 'order_status' || msg.orderId !== orderId) return;
    queryClient.setQueryData<Order>(key, (o) => (o ? { ...o, status: msg.status as Order['status'], failureReason: msg.reason ?? o.failureReason } : o));
    if (isFinalOrderStatus(msg.status)) void queryClient.invalidateQueries({ queryKey: ['me', 'orders'] });
  });
  return useQuery({
    queryKey: key,
    enabled: Boolean(orderId),
    queryFn: async () => unwrap(await api.GET('/v1/orders/{orderId}', { params: { path: { orderId: orderId! } } })),
    refetchInterval: (q) => (q.state.data && isFinalOrderStatus(q.state.data.status) ? false : live === 'open' ? 10_000 : 1_500),
  });
}
