import { useQuery } from '@tanstack/react-query';
import { unwrap } from '../../lib/api/errors';
import { useApi } from '../../lib/services';
import type { paths } from '../../lib/api/schema';

type DropList = paths['/v1/catalog/drops']['get']['responses'][200]['content']['application/json'];
export type DropSummary = DropList['drops'][number];
export type DropDetail = paths['/v1/catalog/drops/{dropId}']['get']['responses'][200]['content']['application/json']['drop'];

export const dropKey = (dropId: number) => ['drop', dropId] as const;

export function useDropList(status: 'live' | 'upcoming') {
  const api = useApi();
  return useQuery({
    queryKey: ['drops', status],
    queryFn: async () => unwrap(await api.GET('/v1/catalog/drops', { params: { query: { status, limit: 50 } } })).drops,
    refetchInterval: 30_000,
  });
}

export function useDrop(dropId: number) {
  const api = useApi();
  return useQuery({
    queryKey: dropKey(dropId),
    queryFn: async () => unwrap(await api.GET('/v1/catalog/drops/{dropId}', { params: { path: { dropId: String(dropId) } } })).drop,
  });
}
