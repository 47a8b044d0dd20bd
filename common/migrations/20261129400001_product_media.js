// Product images and videos: uploads waiting to be registered, the media of each product, the immutable
// content-addressed objects they are made of, and which media uses which object (for garbage collection).
/** @param {import('knex').Knex} knex */
exports.up = async (knex) => {
  await knex.schema.createTable('media_uploads', (t) => {
    t.string('id', 32).primary(); // random: the one-time upload URL is a capability
    t.bigInteger('product_id').unsigned().notNullable().references('products.id');
    t.bigInteger('creator_id').unsigned().notNullable().references('users.id');
    t.enu('kind', ['image', 'video']).notNullable();
    t.string('content_type', 40).notNullable();
    t.bigInteger('declared_bytes').unsigned().notNullable();
    t.enu('status', ['pending', 'received']).notNullable().defaultTo('pending');
    t.timestamp('expires_at', { precision: 3 }).notNullable();
    t.timestamp('created_at', { precision: 3 }).notNullable().defaultTo(knex.fn.now(3));
    t.index(['expires_at']);
  });
  await knex.schema.createTable('product_media', (t) => {
    t.bigIncrements('id');
    t.bigInteger('product_id').unsigned().notNullable().references('products.id');
    t.enu('kind', ['image', 'video']).notNullable();
    t.enu('status', ['processing', 'ready', 'failed']).notNullable().defaultTo('processing');
    t.integer('position').unsigned().notNullable();
    t.string('alt', 300).notNullable().defaultTo('');
    t.string('source_key', 200).nullable(); // the registered upload, until processing has consumed it
    t.string('content_type', 40).notNullable();
    t.bigInteger('bytes').unsigned().notNullable();
    t.integer('width').unsigned().nullable();
    t.integer('height').unsigned().nullable();
    // A video without a grabbed frame shows this image of the same product (the creator's choice).
    t.bigInteger('poster_media_id').unsigned().nullable();
    t.string('error', 200).nullable();
    t.timestamp('created_at', { precision: 3 }).notNullable().defaultTo(knex.fn.now(3));
    t.timestamp('updated_at', { precision: 3 }).notNullable().defaultTo(knex.fn.now(3));
    t.timestamp('deleted_at', { precision: 3 }).nullable();
    t.index(['product_id', 'deleted_at', 'position']);
  });
  await knex.schema.createTable('media_objects', (t) => {
    t.string('object_key', 200).primary();
    t.string('content_type', 40).notNullable();
    t.bigInteger('bytes').unsigned().notNullable();
    // Set when the object is (re)recorded, BEFORE its bytes are written: GC's grace period counts from here.
    t.timestamp('touched_at', { precision: 3 }).notNullable().defaultTo(knex.fn.now(3));
  });
  await knex.schema.createTable('media_variants', (t) => {
    t.bigInteger('media_id').unsigned().notNullable().references('product_media.id');
    t.string('object_key', 200).notNullable();
    // variant: a srcset entry; fallback: the JPEG for old browsers; video: the video itself; poster*: its frame.
    t.enu('role', ['variant', 'fallback', 'video', 'poster', 'poster_fallback']).notNullable();
    t.string('format', 8).notNullable();
    t.integer('width').unsigned().nullable();
    t.integer('height').unsigned().nullable();
    t.bigInteger('bytes').unsigned().notNullable();
    t.primary(['media_id', 'object_key', 'role']);
    t.index(['object_key']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async (knex) => {
  await knex.schema.dropTableIfExists('media_variants');
  await knex.schema.dropTableIfExists('media_objects');
  await knex.schema.dropTableIfExists('product_media');
  await knex.schema.dropTableIfExists('media_uploads');
};
