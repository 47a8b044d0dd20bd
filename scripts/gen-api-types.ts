// `npm run gen:api`: regenerates web/src/lib/api/schema.d.ts; `--check` only tells whether it is stale.
import { readFileSync, writeFileSync } from 'node:fs';
import { API_TYPES_FILE, generateApiTypes } from './api-types';

async function main() {
  const text = await generateApiTypes();
  if (process.argv.includes('--check')) {
    const current = (() => { try { return readFileSync(API_TYPES_FILE, 'utf8'); } catch { return ''; } })();
    if (current !== text) {
      console.error(`${API_TYPES_FILE} is stale: run npm run gen:api`);
      process.exit(1);
    }
    console.log('API types are up to date');
    return;
  }
  writeFileSync(API_TYPES_FILE, text);
  console.log(`wrote ${API_TYPES_FILE}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
