import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FINAL_ORDER_STATUSES } from '@livedrop/common';

// The k6 scripts are plain JavaScript for k6 (they import k6 modules, so Node cannot load them) and cannot
// import the TypeScript vocabulary; the one list they repeat must not drift from it.
describe('k6 scripts mirror the domain vocabulary', () => {
  it('FINAL_ORDER_STATUSES in loadtest/lib/api.js equals the domain list', () => {
    const source = readFileSync(join(__dirname, '../../lib/api.js'), 'utf8');
    const literal = /export const FINAL_ORDER_STATUSES = (\[[^\]]*\]);/.exec(source)?.[1];
    expect(literal).toBeDefined();
    const mirrored = JSON.parse(literal!.replace(/'/g, '"')) as string[];
    expect([...mirrored].sort()).toEqual([...FINAL_ORDER_STATUSES].sort());
  });
});
