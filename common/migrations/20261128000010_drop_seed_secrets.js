// The pre-queue shuffle seed stays secret until the drop starts. It lives apart from `drops` so no
// reader of drops (read-api, caches, SELECT *) can leak it; the lifecycle workflow copies it into
// drops.seed at the start, which is the public reveal (anyone can then check SHA-256(hex-decode(seed)) == seed_hash).
/** @param {import('knex').Knex} knex */
exports.up = async (knex) => {
  await knex.schema.createTable('drop_seed_secrets', (t) => {
    t.bigInteger('drop_id').unsigned().primary().references('drops.id').onDelete('CASCADE');
    t.string('seed', 64).notNullable(); // hex of 32 random bytes
    t.timestamp('created_at', { precision: 3 }).notNullable().defaultTo(knex.fn.now(3));
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async (knex) => {
  await knex.schema.dropTableIfExists('drop_seed_secrets');
};
