// Outbox events (written in the same transaction as the change), stored notifications, ops audit.
/** @param {import('knex').Knex} knex */
exports.up = async (knex) => {
  await knex.schema.createTable('outbox_events', (t) => {
    t.bigIncrements('id');
    t.string('aggregate_type', 32).notNullable();
    t.string('aggregate_id', 64).notNullable();
    t.string('type', 64).notNullable();
    t.json('payload').notNullable();
    t.timestamp('created_at', { precision: 3 }).notNullable().defaultTo(knex.fn.now(3));
    t.timestamp('published_at', { precision: 3 }).nullable();
    t.index(['published_at', 'id']);
    t.index(['aggregate_type', 'aggregate_id']);
  });
  await knex.schema.createTable('notifications', (t) => {
    t.bigIncrements('id');
    t.bigInteger('user_id').unsigned().notNullable().references('users.id').onDelete('CASCADE');
    t.string('type', 32).notNullable();
    t.bigInteger('drop_id').unsigned().nullable();
    t.string('dedupe_key', 120).notNullable(); // e.g. drop_started:42 — at-least-once jobs stay idempotent
    t.json('payload').notNullable();
    t.timestamp('created_at', { precision: 3 }).notNullable().defaultTo(knex.fn.now(3));
    t.timestamp('read_at', { precision: 3 }).nullable();
    t.unique(['user_id', 'dedupe_key']);
    t.index(['user_id', 'id']);
  });
  await knex.schema.createTable('admission_audit', (t) => {
    t.bigIncrements('id');
    t.bigInteger('drop_id').unsigned().notNullable().references('drops.id');
    t.bigInteger('actor_user_id').unsigned().notNullable().references('users.id');
    t.string('action', 32).notNullable(); // set_rate | pause | resume | drain
    t.json('old_value').nullable();
    t.json('new_value').nullable();
    t.timestamp('created_at', { precision: 3 }).notNullable().defaultTo(knex.fn.now(3));
    t.index(['drop_id', 'created_at']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async (knex) => {
  await knex.schema.dropTableIfExists('admission_audit');
  await knex.schema.dropTableIfExists('notifications');
  await knex.schema.dropTableIfExists('outbox_events');
};
