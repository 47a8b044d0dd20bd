import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '../../lib/api/errors';
import { useApi, useSession } from '../../lib/services';

const FOLLOWS_KEY = ['me', 'follows'] as const;

/** The creators the signed-in user follows (first 100: enough to mark buttons). */
export function useFollowing() {
  const api = useApi();
  const session = useSession();
  return useQuery({
    queryKey: FOLLOWS_KEY,
    enabled: Boolean(session),
    queryFn: async () => unwrap(await api.GET('/v1/me/follows', { params: { query: { limit: 100 } } })).items,
  });
}

export function useCreator(creatorId: number) {
  const api = useApi();
  return useQuery({
    queryKey: ['creator', creatorId],
    queryFn: async () => unwrap(await api.GET('/v1/catalog/creators/{creatorId}', { params: { path: { creatorId: String(creatorId) } } })).creator,
  });
}

export function useFollowMutation(creatorId: number) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (follow: boolean) => {
      const params = { params: { path: { creatorId } } };
      unwrap(follow ? await api.PUT('/v1/creators/{creatorId}/follow', params) : await api.DELETE('/v1/creators/{creatorId}/follow', params));
      return follow;
    },
    onSettled: () => Promise.all([
      queryClient.invalidateQueries({ queryKey: FOLLOWS_KEY }),
      queryClient.invalidateQueries({ queryKey: ['creator', creatorId] }),
    ]),
  });
}
