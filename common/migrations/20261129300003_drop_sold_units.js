// MySQL refuses an oversell by itself: the confirming transaction raises drops.sold_units only while
// sold_units + quantity <= total_stock (a guarded update), whatever Redis believed when it reserved.
/** @param {import('knex').Knex} knex */
exports.up = async (knex) => {
  await knex.schema.alterTable('drops', (t) => {
    t.integer('sold_units').unsigned().notNullable().defaultTo(0);
  });
  await knex.raw(
    `UPDATE drops d SET d.sold_units = (
       SELECT COALESCE(SUM(o.quantity), 0) FROM orders o WHERE o.drop_id = d.id AND o.status = 'confirmed')`,
  );
};

/** @param {import('knex').Knex} knex */
exports.down = async (knex) => {
  await knex.schema.alterTable('drops', (t) => {
    t.dropColumn('sold_units');
  });
};
