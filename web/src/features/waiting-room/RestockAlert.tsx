import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ErrorNotice } from '../../components/ErrorNotice';
import { unwrap } from '../../lib/api/errors';
import { useApi } from '../../lib/services';

/** "Tell me if units return": a `restock` push (and a bell entry) when stock comes back. */
export function RestockAlert({ dropId }: { dropId: number }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const key = ['me', 'restock-alert', dropId];
  const wish = useQuery({
    queryKey: key,
    queryFn: async () => unwrap(await api.GET('/v1/drops/{dropId}/restock-alert', { params: { path: { dropId } } })).wanted,
  });
  const set = useMutation({
    mutationFn: async (wanted: boolean) => unwrap(wanted
      ? await api.PUT('/v1/drops/{dropId}/restock-alert', { params: { path: { dropId } } })
      : await api.DELETE('/v1/drops/{dropId}/restock-alert', { params: { path: { dropId } } })).wanted,
    onSuccess: (wanted) => queryClient.setQueryData(key, wanted),
  });
  const wanted = wish.data ?? false;
  return (
    <div className="restock">
      <button type="button" className="button secondary" aria-pressed={wanted} disabled={wish.isPending || set.isPending}
        onClick={() => set.mutate(!wanted)}>
        {wanted ? 'You’ll be told if units return — cancel' : 'Tell me if units return'}
      </button>
      <ErrorNotice error={wish.error ?? set.error} />
    </div>
  );
}
