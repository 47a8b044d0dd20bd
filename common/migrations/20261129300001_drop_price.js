// The price is the drop's: fixed from the product when the drop is scheduled, so a creator editing the
// product while its drop is live cannot change what shoppers are charged. NULL only for rows written
// before this column existed and not backfilled (readers fall back to the product's price then).
/** @param {import('knex').Knex} knex */
exports.up = async (knex) => {
  await knex.schema.alterTable('drops', (t) => {
    t.integer('price_minor').unsigned().nullable();
    t.string('currency', 3).nullable();
  });
  await knex.raw(
    'UPDATE drops d JOIN products p ON p.id = d.product_id SET d.price_minor = p.price_minor, d.currency = p.currency',
  );
};

/** @param {import('knex').Knex} knex */
exports.down = async (knex) => {
  await knex.schema.alterTable('drops', (t) => {
    t.dropColumn('price_minor');
    t.dropColumn('currency');
  });
};
