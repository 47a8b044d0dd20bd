import type { Activities } from '@livedrop/workflows';
import type { Knex, Logger, Redis } from '@livedrop/common';
import { createDropActivities } from './drop-activities';
import { createOrderActivities } from './order-activities';
import { createOrderBatchActivities } from './order-batch-activities';
import type { PaymentProvider } from '../payments';

export interface ActivityDeps {
  // Filled as the order pipeline grows: knex, redis, payment provider, logger.
  readonly service: string;
  readonly knex: Knex;
  readonly redis: Redis;
  readonly logger: Logger;
  /** Orders charge through it; processes without orders may leave it out (a charge then fails loudly). */
  readonly payments?: PaymentProvider;
}

/** Activities are built from injected dependencies so tests can hand in their own. */
export function createActivities(deps: ActivityDeps): Activities {
  const orders = createOrderActivities({ ...deps, payments: deps.payments ?? missingPaymentProvider });
  return {
    ...createDropActivities(deps),
    ...orders,
    ...createOrderBatchActivities({ ...deps, orders }),
  };
}

const missingPaymentProvider: PaymentProvider = {
  name: 'missing',
  charge: () => Promise.reject(new Error('no payment provider configured for this worker')),
  status: () => Promise.reject(new Error('no payment provider configured for this worker')),
  refund: () => Promise.reject(new Error('no payment provider configured for this worker')),
};
