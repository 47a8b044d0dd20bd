import { useEffect } from 'react';
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useLiveMessages, useLiveStatus } from '../../lib/services';
import { opsKeys } from './ops-api';
import { isOpsMetrics, type OpsDrop, type OpsMetricsPush } from './ops-types';
import { appendSample, type Series } from './series-window';

type Snapshot = { ts: number | null; drops: OpsDrop[] };


function apply(queryClient: QueryClient, msg: OpsMetricsPush) {
  const current = queryClient.getQueryData<Snapshot>(opsKeys.metrics);
  if (current?.ts && current.ts > msg.ts) return; // an older message overtaken by a fresher HTTP read
  queryClient.setQueryData<Snapshot>(opsKeys.metrics, { ts: msg.ts, drops: msg.drops });
  for (const d of msg.drops) {
    if (d.status === 'scheduled') continue;
    queryClient.setQueryData<Series>(opsKeys.series(d.dropId), (old) => old && appendSample(old, {
      t: msg.ts, queueLength: d.queueLength, admissionsPerS: d.admissionsPerS, confirmedPerS: d.confirmedPerS,
    }));
  }
}

/**
 * The console's one live feed: every `ops_metrics` push replaces the snapshot in the query cache and extends
 * the charts; after a reconnect the snapshot and series are re-read over HTTP (pushes may have been missed).
 */
export function useOpsPushes(): void {
  const queryClient = useQueryClient();
  const { generation } = useLiveStatus();
  useLiveMessages((msg) => {
    if (isOpsMetrics(msg)) apply(queryClient, msg);
  });
  useEffect(() => {
    if (generation > 1) void queryClient.invalidateQueries({ queryKey: ['ops'] });
  }, [generation, queryClient]);
}
