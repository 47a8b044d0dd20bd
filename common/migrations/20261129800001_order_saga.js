// Orders are answered "reserved" by the gateway and their saga starts afterwards: saga_id says which saga
// owns the order. A saga claims its orders (saga_id NULL → its workflow id) before it touches them, so an
// order is never run by two sagas, and the jobs worker's sweep starts a saga for any open order that none
// claimed (the gateway died or Temporal refused the start).
/** @param {import('knex').Knex} knex */
exports.up = async (knex) => {
  await knex.schema.alterTable('orders', (t) => {
    t.string('saga_id', 150).nullable();
    t.index(['saga_id', 'created_at']);
  });
  // Orders placed before this column ran as one workflow each, under their own workflow id.
  await knex('orders').update({ saga_id: knex.ref('workflow_id') });
};

/** @param {import('knex').Knex} knex */
exports.down = async (knex) => {
  await knex.schema.alterTable('orders', (t) => {
    t.dropIndex(['saga_id', 'created_at']);
    t.dropColumn('saga_id');
  });
};
