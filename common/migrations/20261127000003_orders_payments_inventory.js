// Orders, payments and the inventory ledger: MySQL is the truth Redis is reconciled to.
/** @param {import('knex').Knex} knex */
exports.up = async (knex) => {
  await knex.schema.createTable('orders', (t) => {
    t.string('id', 36).primary();
    t.bigInteger('user_id').unsigned().notNullable().references('users.id');
    t.bigInteger('drop_id').unsigned().notNullable().references('drops.id');
    t.string('idempotency_key', 100).notNullable();
    t.integer('quantity').unsigned().notNullable();
    t.integer('amount_minor').unsigned().notNullable();
    t.string('currency', 3).notNullable();
    t.bigInteger('ticket').unsigned().nullable();
    t.enu('status', ['pending', 'reserved', 'paid', 'confirmed', 'declined', 'cancelled', 'expired', 'failed'])
      .notNullable()
      .defaultTo('pending');
    t.string('failure_reason', 200).nullable();
    t.string('workflow_id', 150).notNullable().unique();
    t.timestamp('created_at', { precision: 3 }).notNullable().defaultTo(knex.fn.now(3));
    t.timestamp('updated_at', { precision: 3 }).notNullable().defaultTo(knex.fn.now(3));
    t.unique(['user_id', 'idempotency_key']); // a retried request can never make a second order
    t.index(['drop_id', 'status']);
    t.index(['user_id', 'created_at']);
  });
  await knex.schema.createTable('payments', (t) => {
    t.string('id', 36).primary();
    t.string('order_id', 36).notNullable().references('orders.id');
    t.string('idempotency_key', 200).notNullable().unique(); // a repeated charge is prevented and visible
    t.string('provider', 32).notNullable();
    t.integer('amount_minor').unsigned().notNullable();
    t.string('currency', 3).notNullable();
    t.enu('status', ['succeeded', 'declined']).notNullable();
    t.string('decline_code', 64).nullable();
    t.integer('attempts').unsigned().notNullable().defaultTo(1);
    t.timestamp('created_at', { precision: 3 }).notNullable().defaultTo(knex.fn.now(3));
    t.index(['order_id']);
  });
  await knex.schema.createTable('inventory_ledger', (t) => {
    t.bigIncrements('id');
    t.bigInteger('drop_id').unsigned().notNullable().references('drops.id');
    t.string('order_id', 36).nullable();
    t.integer('delta').notNullable(); // + stock added, - units sold
    t.enu('reason', ['initial', 'sale', 'adjustment', 'repair']).notNullable();
    t.string('note', 200).nullable();
    t.timestamp('created_at', { precision: 3 }).notNullable().defaultTo(knex.fn.now(3));
    t.unique(['drop_id', 'order_id', 'reason']); // confirming twice cannot sell twice
    t.index(['drop_id']);
  });
  await knex.schema.createTable('reconciliation_repairs', (t) => {
    t.bigIncrements('id');
    t.bigInteger('drop_id').unsigned().notNullable().references('drops.id');
    t.string('kind', 64).notNullable();
    t.string('subject', 100).nullable();
    t.string('redis_value', 200).nullable();
    t.string('mysql_value', 200).nullable();
    t.timestamp('created_at', { precision: 3 }).notNullable().defaultTo(knex.fn.now(3));
    t.index(['drop_id', 'created_at']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async (knex) => {
  await knex.schema.dropTableIfExists('reconciliation_repairs');
  await knex.schema.dropTableIfExists('inventory_ledger');
  await knex.schema.dropTableIfExists('payments');
  await knex.schema.dropTableIfExists('orders');
};
