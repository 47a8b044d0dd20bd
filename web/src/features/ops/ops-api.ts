import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { unwrap } from '../../lib/api/errors';
import { useApi } from '../../lib/services';

export type AdmissionAction = 'pause' | 'resume' | 'drain';

export const opsKeys = {
  metrics: ['ops', 'metrics'] as const,
  series: (dropId: number) => ['ops', 'series', dropId] as const,
  audit: (dropId: number) => ['ops', 'audit', dropId] as const,
  links: (dropId: number) => ['ops', 'links', dropId] as const,
};

export function useOpsSnapshot() {
  const api = useApi();
  return useQuery({
    queryKey: opsKeys.metrics,
    queryFn: async () => unwrap(await api.GET('/v1/ops/metrics')),
    // Pushes keep it fresh; this is the first paint and the re-sync after a reconnect.
    staleTime: Infinity,
  });
}

export function useDropSeries(dropId: number) {
  const api = useApi();
  return useQuery({
    queryKey: opsKeys.series(dropId),
    queryFn: async () => unwrap(await api.GET('/v1/ops/drops/{dropId}/series', { params: { path: { dropId } } })),
    staleTime: Infinity,
  });
}

export function useAuditLog(dropId: number) {
  const api = useApi();
  return useQuery({
    queryKey: opsKeys.audit(dropId),
    queryFn: async () => unwrap(await api.GET('/v1/ops/drops/{dropId}/audit', { params: { path: { dropId }, query: { limit: 50 } } })),
  });
}

export function useDropLinks(dropId: number) {
  const api = useApi();
  return useQuery({
    queryKey: opsKeys.links(dropId),
    queryFn: async () => unwrap(await api.GET('/v1/ops/drops/{dropId}/links', { params: { path: { dropId } } })),
    refetchInterval: 10_000,
  });
}

/** Rate, pause, resume, drain: each is audited server-side, so the audit log is refetched after it. */
export function useAdmissionChange(dropId: number) {
  const api = useApi();
  const queryClient = useQueryClient();
  const path = { params: { path: { dropId } } };
  return useMutation({
    mutationFn: async (change: { action: 'set_rate'; rate: number } | { action: AdmissionAction }) => {
      if (change.action === 'set_rate') {
        return unwrap(await api.POST('/v1/ops/drops/{dropId}/admission', { ...path, body: { rate: change.rate } }));
      }
      const url = `/v1/ops/drops/{dropId}/${change.action}` as const;
      return unwrap(await api.POST(url, path));
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: opsKeys.audit(dropId) }),
  });
}

/**
 * Keeps the HttpOnly Bull Board cookie (10 minutes) fresh while the console is open, so the board is a plain
 * link: a browser navigation cannot carry the bearer token the API uses.
 */
export function useBoardSession() {
  const api = useApi();
  return useQuery({
    queryKey: ['ops', 'board-session'],
    queryFn: async () => unwrap(await api.POST('/v1/ops/board-session')),
    refetchInterval: 5 * 60_000,
    staleTime: 4 * 60_000,
  });
}
