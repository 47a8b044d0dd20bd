// The drop-started fan-out pages through a creator's followers by follower id; this index makes each
// page (and the page planner's ROW_NUMBER scan) an index range read instead of a sort of every follower.
/** @param {import('knex').Knex} knex */
exports.up = async (knex) => {
  await knex.schema.alterTable('follows', (t) => {
    t.index(['creator_id', 'follower_id'], 'follows_creator_follower_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async (knex) => {
  await knex.schema.alterTable('follows', (t) => {
    t.dropIndex(['creator_id', 'follower_id'], 'follows_creator_follower_idx');
  });
};
