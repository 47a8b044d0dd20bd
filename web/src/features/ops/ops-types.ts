import type { OpsMetricsMessage } from '@livedrop/common/domain/push-messages';
import type { paths } from '../../lib/api/schema';

type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;

/** One drop as the ops console shows it (GET /v1/ops/metrics and the `ops_metrics` push carry the same shape). */
export type OpsDrop = Json<paths['/v1/ops/metrics']['get']['responses'][200]>['drops'][number];
export type SeriesSample = Json<paths['/v1/ops/drops/{dropId}/series']['get']['responses'][200]>['samples'][number];
export type AuditEntry = Json<paths['/v1/ops/drops/{dropId}/audit']['get']['responses'][200]>['entries'][number];
export type BoundBy = OpsDrop['boundBy'];

/** The push, as the server types it (common/src/domain/push-messages.ts), with the API's narrowed drop shape. */
export type OpsMetricsPush = OpsMetricsMessage<OpsDrop>;

export function isOpsMetrics(msg: { type: string }): msg is OpsMetricsPush {
  return msg.type === 'ops_metrics' && Array.isArray((msg as Partial<OpsMetricsPush>).drops);
}
