import { useQuery } from '@tanstack/react-query';
import { unwrap } from '../../lib/api/errors';
import { useApi } from '../../lib/services';
import type { paths } from '../../lib/api/schema';

type DropList = paths['/v1/catalog/drops']['get']['responses'][200]['content']['application/json'];
export type DropSummary = DropList['drops'][number];
export type DropDetail = paths['/v1/catalog/drops/{dropId}']['get']['responses'][200]['content']['application/json']['drop'];

export const dropKey = (dropId: number) => ['drop', dropId] as const;

export type DropListStatus = 'live' | 'upcoming' | 'ended';

/** `limit`: the newest few are enough for ended drops; live and upcoming show everything on the first page. */
export function useDropList(status: DropListStatus, limit = 50) {
  const api = useApi();
  return useQuery({
    queryKey: ['drops', status, limit],
    queryFn: async () => unwrap(await api.GET('/v1/catalog/drops', { params: { query: { status, limit } } })).drops,
    refetchInterval: 10_000,
  });
}

export function useDrop(dropId: number) {
  const api = useApi();
  return useQuery({
    queryKey: dropKey(dropId),
    queryFn: async () => unwrap(await api.GET('/v1/catalog/drops/{dropId}', { params: { path: { dropId: String(dropId) } } })).drop,
    // Pushes keep it live for signed-in users; this also covers visitors without a socket, and the moment
    // the start time passes (status and the revealed seed change on the server within a tick).
    refetchInterval: (q) => {
      const d = q.state.data;
      if (!d) return false;
      return d.status === 'scheduled' && Date.parse(d.startsAt) <= Date.now() ? 2_000 : 15_000;
    },
  });
}

export function useProduct(productId: number | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: ['product', productId],
    enabled: productId !== undefined,
    queryFn: async () => unwrap(await api.GET('/v1/catalog/products/{productId}', { params: { path: { productId: String(productId) } } })).product,
    staleTime: 60_000,
  });
}
