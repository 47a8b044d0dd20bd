import { conflict, forbidden, notFound, recordEvent, type Knex } from '@livedrop/common';
import { isRunning, workflowIds, type DropStatus } from '@livedrop/workflows';
import type { AuthUser } from '../auth/access-token';
import { planEdit, planNewDrop, scheduleChanged, type EditDropBody, type ScheduleDropBody } from './drop-input';
import { generateSeed } from './drop-seed';
import { toDropDetail, type DropDetail } from './drop-view';
import type { DropWorkflows } from './drop-workflows';
import { createDropsRepo, rowToPlan, type DropRow } from './drops-repo';

export interface DropUseCaseDeps {
  knex: Knex;
  workflows: DropWorkflows;
  now?: () => number;
}

const dropNotFound = () => notFound('drop_not_found', 'no such drop');

/** Missing → 404; someone else's → 403 (drops are public, so their existence is no secret). Ops pass when allowed. */
function assertCanManage(row: DropRow | undefined, user: AuthUser, opsAllowed: boolean): DropRow {
  if (!row) throw dropNotFound();
  if (Number(row.creator_id) === user.id || (opsAllowed && user.role === 'ops')) return row;
  throw forbidden('not_drop_owner', 'only the creator of this drop can do that');
}

export function createDropUseCases({ knex, workflows, now = Date.now }: DropUseCaseDeps) {
  const drops = createDropsRepo(knex);

  return {
    /** Creates the drop, its secret seed and the drop.scheduled event, and starts its lifecycle workflow. */
    async schedule(user: AuthUser, body: ScheduleDropBody): Promise<DropDetail> {
      const plan = planNewDrop(body, now());
      return knex.transaction(async (trx) => {
        const product = await drops.findProduct(body.productId, trx);
        if (!product || product.deleted_at) throw notFound('product_not_found', 'no such product');
        if (Number(product.creator_id) !== user.id) throw forbidden('not_product_owner', 'you can only drop your own products');
        const { seed, seedHash } = generateSeed();
        const dropId = await drops.insert(
          {
            productId: body.productId, creatorId: user.id, plan, seed, seedHash, workflowIdFor: workflowIds.dropLifecycle,
            price: { minor: Number(product.price_minor), currency: product.currency },
          },
          trx,
        );
        await recordEvent(trx, {
          type: 'drop.scheduled', aggregateType: 'drop', aggregateId: dropId,
          payload: { dropId, creatorId: user.id, productId: body.productId, ...plan, seedHash },
        });
        // Started inside the transaction: if the start fails nothing is committed; if the commit fails the
        // workflow's first activity finds no drop and stops (DropNotFound is not retried).
        await workflows.start({ dropId, prequeueOpensAt: plan.prequeueOpensAt, startsAt: plan.startsAt, endsAt: plan.endsAt });
        return toDropDetail((await drops.findById(dropId, trx))!);
      });
    },

    /**
     * Edits a drop that has not started. Every edit passes the workflow's reschedule update while the row
     * is locked: the workflow refuses once it is building inventory, so no edit lands after that point.
     */
    async edit(user: AuthUser, dropId: number, body: EditDropBody): Promise<DropDetail> {
      return knex.transaction(async (trx) => {
        const row = assertCanManage(await drops.findById(dropId, trx, { forUpdate: true }), user, false);
        if (row.status !== 'scheduled' || new Date(row.starts_at).getTime() <= now()) throw notEditable(row.status);
        if (Number(row.version) !== body.version) {
          throw conflict('version_conflict', `the drop changed since you read it (version ${row.version}); reload and retry`);
        }
        const current = rowToPlan(row);
        const next = planEdit(current, body, now());
        await workflows.reschedule(dropId, { prequeueOpensAt: next.prequeueOpensAt, startsAt: next.startsAt, endsAt: next.endsAt });
        await drops.updatePlan(dropId, body.version, next, trx);
        const changes = Object.fromEntries(
          Object.entries(next).filter(([key, value]) => current[key as keyof typeof current] !== value),
        );
        await recordEvent(trx, {
          type: 'drop.updated', aggregateType: 'drop', aggregateId: dropId,
          payload: { dropId, creatorId: Number(row.creator_id), version: body.version + 1, changes, rescheduled: scheduleChanged(current, next) },
        });
        return toDropDetail((await drops.findById(dropId, trx))!);
      });
    },

    /** Asks the workflow to cancel; the status changes as soon as it has run (answered 202). */
    async cancel(user: AuthUser, dropId: number, reason?: string): Promise<DropDetail> {
      const row = assertCanManage(await drops.findById(dropId), user, true);
      if (row.status !== 'scheduled' && !isRunning(row.status)) {
        throw conflict('drop_not_cancellable', `a ${row.status} drop cannot be cancelled`);
      }
      await workflows.cancel(dropId, reason ?? `cancelled by user ${user.id}`);
      return toDropDetail(row);
    },

    /** Ends a running drop now instead of at endsAt (answered 202). */
    async endEarly(user: AuthUser, dropId: number, reason?: string): Promise<DropDetail> {
      const row = assertCanManage(await drops.findById(dropId), user, true);
      if (!isRunning(row.status)) throw conflict('drop_not_live', `only a live or sold-out drop can be ended early (it is ${row.status})`);
      await workflows.endEarly(dropId, reason ?? `ended early by user ${user.id}`);
      return toDropDetail(row);
    },

    async get(user: AuthUser, dropId: number): Promise<DropDetail> {
      return toDropDetail(assertCanManage(await drops.findById(dropId), user, true));
    },
  };
}

function notEditable(status: DropStatus) {
  return conflict('drop_not_editable', `the drop is ${status === 'scheduled' ? 'starting' : status}; it can no longer be edited`);
}
