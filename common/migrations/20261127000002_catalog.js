// Follows, products and drops: what creators publish and shoppers browse.
/** @param {import('knex').Knex} knex */
exports.up = async (knex) => {
  await knex.schema.createTable('follows', (t) => {
    t.bigInteger('follower_id').unsigned().notNullable().references('users.id').onDelete('CASCADE');
    t.bigInteger('creator_id').unsigned().notNullable().references('users.id').onDelete('CASCADE');
    t.timestamp('created_at', { precision: 3 }).notNullable().defaultTo(knex.fn.now(3));
    t.primary(['follower_id', 'creator_id']);
    t.index(['creator_id', 'created_at']); // follower lists, newest first
  });
  await knex.schema.createTable('products', (t) => {
    t.bigIncrements('id');
    t.bigInteger('creator_id').unsigned().notNullable().references('users.id');
    t.string('title', 200).notNullable();
    t.text('description').notNullable();
    t.integer('price_minor').unsigned().notNullable(); // minor units (cents): never floats for money
    t.string('currency', 3).notNullable();
    t.json('media_urls').notNullable();
    t.timestamp('created_at', { precision: 3 }).notNullable().defaultTo(knex.fn.now(3));
    t.timestamp('updated_at', { precision: 3 }).notNullable().defaultTo(knex.fn.now(3));
    t.timestamp('deleted_at', { precision: 3 }).nullable(); // soft delete: orders keep pointing at it
    t.index(['creator_id', 'deleted_at']);
  });
  await knex.schema.createTable('drops', (t) => {
    t.bigIncrements('id');
    t.bigInteger('product_id').unsigned().notNullable().references('products.id');
    t.bigInteger('creator_id').unsigned().notNullable().references('users.id');
    t.timestamp('prequeue_opens_at', { precision: 3 }).notNullable();
    t.timestamp('starts_at', { precision: 3 }).notNullable();
    t.timestamp('ends_at', { precision: 3 }).notNullable();
    t.integer('total_stock').unsigned().notNullable();
    t.integer('per_user_limit').unsigned().notNullable().defaultTo(1);
    t.integer('admission_rate_per_s').unsigned().notNullable().defaultTo(50);
    t.integer('checkout_window_s').unsigned().notNullable().defaultTo(120);
    t.enu('status', ['scheduled', 'live', 'sold_out', 'ended', 'cancelled']).notNullable().defaultTo('scheduled');
    t.string('seed_hash', 64).notNullable(); // SHA-256 of the pre-queue shuffle seed, public from scheduling
    t.string('seed', 64).nullable(); // revealed at the start so anyone can recompute the shuffle
    t.string('workflow_id', 100).nullable();
    t.integer('version').unsigned().notNullable().defaultTo(1);
    t.timestamp('created_at', { precision: 3 }).notNullable().defaultTo(knex.fn.now(3));
    t.timestamp('updated_at', { precision: 3 }).notNullable().defaultTo(knex.fn.now(3));
    t.index(['status', 'starts_at']);
    t.index(['creator_id']);
    t.index(['product_id']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async (knex) => {
  await knex.schema.dropTableIfExists('drops');
  await knex.schema.dropTableIfExists('products');
  await knex.schema.dropTableIfExists('follows');
};
