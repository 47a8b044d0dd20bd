// Refunds of the sandbox provider: a charge that was not sold (order expired, cancelled, refused at
// confirm) is refunded, by the order workflow or by reconciliation. The charge row keeps its
// `succeeded` status (it did succeed); `refunded_at` says the money went back.
/** @param {import('knex').Knex} knex */
exports.up = async (knex) => {
  await knex.schema.alterTable('payments', (t) => {
    t.timestamp('refunded_at', { precision: 3 }).nullable();
    t.string('refund_reason', 64).nullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async (knex) => {
  await knex.schema.alterTable('payments', (t) => {
    t.dropColumn('refunded_at');
    t.dropColumn('refund_reason');
  });
};
