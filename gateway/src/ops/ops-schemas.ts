import { z } from 'zod';
import { OPS_BOUND_BY } from '@livedrop/waiting-room';

/** Response shapes of the ops console API (the same objects the `ops_metrics` push carries). */
export const opsDropMetricsSchema = z.object({
  dropId: z.number().int(), title: z.string(), status: z.string(), startsAt: z.string(), endsAt: z.string(),
  queueOpen: z.boolean(),
  queueLength: z.number().int().describe('pre-queue size before the start, then tickets not yet admitted'),
  serving: z.number().int(), rate: z.number().describe('configured shoppers/s'),
  effectiveRate: z.number().describe('after pipeline-health backoff'),
  boundBy: z.enum(OPS_BOUND_BY)
    .describe('what holds admission back right now'),
  admittedNow: z.number().int(), admittedTotal: z.number().int(), noShows: z.number().int(),
  totalStock: z.number().int(), stockLeft: z.number().int().nullable(), soldOut: z.boolean(), paused: z.boolean(),
  draining: z.boolean(), admissionsPerS: z.number(), confirmedPerS: z.number(), ordersConfirmed: z.number().int(),
  ordersInflight: z.number().int().describe('the order pipeline backlog: orders started, not final'),
  lastTickAt: z.string().nullable(),
});

export const opsMetricsSchema = z.object({
  ts: z.number().nullable().describe('when the controller measured (epoch ms); null when no controller published lately'),
  drops: z.array(opsDropMetricsSchema),
});

export const seriesSchema = z.object({
  dropId: z.number().int(),
  windowMs: z.number().int(),
  samples: z.array(z.object({
    t: z.number().describe('epoch ms'), queueLength: z.number(), admissionsPerS: z.number(), confirmedPerS: z.number(),
  })),
});

export const auditSchema = z.object({
  entries: z.array(z.object({
    id: z.number().int(), dropId: z.number().int(), action: z.string(),
    actor: z.object({ id: z.number().int(), displayName: z.string(), email: z.string() }),
    old: z.record(z.string(), z.string()), new: z.record(z.string(), z.string()), at: z.string(),
  })),
});

export const orderLinkSchema = z.object({
  orderId: z.string(), status: z.string(), createdAt: z.string(), workflowId: z.string(), workflowUrl: z.string(),
});

export const dropLinksSchema = z.object({
  dropId: z.number().int(), workflowId: z.string(), workflowUrl: z.string(), bullBoardUrl: z.string(),
  recentOrders: z.array(orderLinkSchema),
});
